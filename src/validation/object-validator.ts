/**
 * ObjectValidator runs a guarded kind's whole check on one object: its JSON
 * Schema (compiled once, with allErrors, when the validator is built), then
 * the kind's own rules, then the unknown-field warnings, all on the object
 * as the API server hands it to webhooks (nulls in declared fields pruned,
 * see prune-nulls.ts). It is pure: the same object and context always give
 * the same result.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import type { KubeObject } from '../admission/review.js';
import type { ClusterState, ResourceRules, RuleResult } from '../resources/resource.js';
import { GUARDED_KINDS } from '../resources/registry.js';
import { pruneNulls } from './prune-nulls.js';
import { schemaErrors } from './schema-errors.js';
import type { ServiceNameValidation } from './service-name.js';
import { unknownFields, unknownFieldWarning } from './unknown-fields.js';

/** NO_FIELDS is the set of fields with schema errors when there are none: the common case, allocated once. */
const NO_FIELDS: ReadonlySet<string> = new Set();

/** ValidationContext is what the request adds to the object. */
export interface ValidationContext {
  namespace: string | undefined;
  operation: 'CREATE' | 'UPDATE';
  /** oldObject is request.oldObject on UPDATE. */
  oldObject?: unknown;
  clusterState: ClusterState | undefined;
  serviceNameValidation: ServiceNameValidation;
}

/** ObjectValidator holds the compiled schema of every guarded kind. */
export class ObjectValidator {
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(kinds: readonly ResourceRules[] = GUARDED_KINDS) {
    // verbose puts the offending value on each error, which the causes quote.
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: false });
    for (const rules of kinds) this.compiled.set(rules.kind, ajv.compile(rules.schema));
  }

  /** validate returns every error and warning for object, which must be a JSON object. */
  validate(rules: ResourceRules, object: KubeObject, context: ValidationContext): RuleResult {
    const check = this.compiled.get(rules.kind);
    if (!check) throw new Error(`no compiled schema for kind ${rules.kind}`);
    if (!check(object) && check.errors?.some((error) => error.data === null)) {
      // A null where the schema has none: the API server would have pruned it before any webhook ran.
      // Checked only when the schema fails, so an object without such nulls pays nothing.
      object = pruneNulls(rules.schema, object) as KubeObject;
      check(object);
    }
    const errors = schemaErrors(check.errors);
    // Named fields, not a spread of context: see guardedWrite (operation.ts).
    const found = rules.rules(object, {
      namespace: context.namespace,
      operation: context.operation,
      oldObject: context.operation === 'UPDATE' ? context.oldObject : undefined,
      clusterState: context.clusterState,
      serviceNameValidation: context.serviceNameValidation,
      fieldsWithSchemaErrors: errors.length === 0 ? NO_FIELDS : new Set(errors.map((e) => e.field)),
    });
    errors.push(...found.errors);
    const warnings = unknownFields(rules.schema, object).map(unknownFieldWarning);
    warnings.push(...found.warnings);
    return { errors, warnings };
  }
}
