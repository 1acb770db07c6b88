/**
 * ObjectValidator runs a guarded kind's whole check on one object: its JSON
 * Schema (compiled once, with allErrors, when the validator is built), then
 * the kind's own rules, then the unknown-field warnings, all on the object
 * as the API server hands it to webhooks (nulls in declared fields pruned,
 * see prune-nulls.ts), and on an UPDATE drops the errors of fields the update
 * did not change (ratchet.ts). It is pure: the same object and context always
 * give the same result.
 *
 * A kind with a fast path (ResourceRules.fastPath) first meets one lean
 * compiled check, its schema closed to unknown fields and its fast path's
 * `admits`, which stops at the first failure; an object that passes is
 * answered by the fast path's context rules alone. Most objects written are
 * valid, and a request that runs one compiled function instead of the full
 * schema, the rules and the walk costs less CPU (docs/performance.md). An
 * object that fails it takes the whole check, which alone words errors.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import type { KubeObject } from '../core/review.js';
import type { ClusterState, ResourceRules, RuleContext, RuleResult, SchemaFailures } from '../resources/resource.js';
import { GUARDED_KINDS } from '../resources/registry.js';
import { pruneNulls } from '../validation/prune-nulls.js';
import { changedBy, ratchet } from './ratchet.js';
import { NO_SCHEMA_FAILURES, schemaErrors } from '../validation/schema-errors.js';
import type { ServiceNameValidation } from '../validation/service-name.js';
import { closedSchema, firstUnknownFields, unknownFieldWarning } from '../validation/unknown-fields.js';

/** ValidationContext is what the request adds to the object. */
export interface ValidationContext {
  namespace: string | undefined;
  operation: 'CREATE' | 'UPDATE';
  clusterState: ClusterState | undefined;
  serviceNameValidation: ServiceNameValidation;
  /** oldObject is an UPDATE's object before it: errors in fields the update leaves as they were are dropped (ratchet.ts). */
  oldObject?: unknown;
}

/**
 * ValidationResult is every error and warning a check found, the first
 * `maxErrors` and `maxWarnings` of them spelled out and the rest counted.
 */
export interface ValidationResult extends RuleResult {
  moreErrors: number;
  moreWarnings: number;
}

/** ValidationLimits bound how many errors and warnings a check spells out (the answer shows no more). */
export interface ValidationLimits {
  maxErrors: number;
  maxWarnings: number;
}

/**
 * SchemaCompilation is when an ObjectValidator compiles its kinds' schemas:
 * all at once when it is built (a server, which should pay before it is
 * ready), or each on its first object (`check`, a short process that
 * usually sees one or two kinds).
 */
export type SchemaCompilation = 'eager' | 'on-first-use';

/** FastPaths says whether the kinds' fast paths are used: 'off' sends every object through the whole check (the tests compare the two). */
export type FastPaths = 'on' | 'off';

/**
 * AJV is the process's one Ajv instance, as Ajv's guide advises
 * (https://ajv.js.org/guide/managing-schemas.html): it caches every schema it
 * compiles by the schema object, so that however many validators a process
 * builds, each kind's schema is compiled once. verbose puts the offending
 * value on each error, which the causes quote.
 */
const AJV = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: false });

/** FAST_PATH_AJV compiles the fast paths' checks: without allErrors, a check ends at the first failure; nothing is worded from it. */
const FAST_PATH_AJV = new Ajv({ strict: true, allowUnionTypes: false });

/** Compiled is a kind's compiled schema, and its fast path's check when it has one and fast paths are on. */
interface Compiled {
  check: ValidateFunction;
  admits: ValidateFunction | undefined;
}

/** ObjectValidator holds the compiled schema of every guarded kind. */
export class ObjectValidator {
  private readonly kinds: ReadonlySet<string>;
  private readonly compiled = new Map<string, Compiled>();

  constructor(
    kinds: readonly ResourceRules[] = GUARDED_KINDS,
    private readonly limits: ValidationLimits = { maxErrors: Infinity, maxWarnings: Infinity },
    compilation: SchemaCompilation = 'eager',
    private readonly fastPaths: FastPaths = 'on',
  ) {
    this.kinds = new Set(kinds.map((rules) => rules.kind));
    if (compilation === 'eager') for (const rules of kinds) this.compiledSchema(rules);
  }

  private compiledSchema(rules: ResourceRules): Compiled {
    let compiled = this.compiled.get(rules.kind);
    if (compiled) return compiled;
    if (!this.kinds.has(rules.kind)) throw new Error(`no compiled schema for kind ${rules.kind}`);
    const fastPath = this.fastPaths === 'on' ? rules.fastPath : undefined;
    compiled = {
      check: AJV.compile(rules.schema),
      admits: fastPath && FAST_PATH_AJV.compile({ allOf: [closedSchema(rules.schema), fastPath.admits] }),
    };
    this.compiled.set(rules.kind, compiled);
    return compiled;
  }

  /** admitsFast reports whether object takes its kind's fast path. */
  admitsFast(rules: ResourceRules, object: KubeObject): boolean {
    return this.compiledSchema(rules).admits?.(object) === true;
  }

  /**
   * validate returns the errors and warnings for object, which must be a JSON
   * object. Its cost grows with the object, but the errors and warnings it
   * spells out do not: past the limits they are only counted.
   */
  validate(rules: ResourceRules, object: KubeObject, context: ValidationContext): ValidationResult {
    const { check, admits } = this.compiledSchema(rules);
    if (admits?.(object) === true) return this.validateFast(rules, object, context);
    if (!check(object) && check.errors?.some((error) => error.data === null)) {
      // A null where the schema has none: the API server would have pruned it before any webhook ran.
      // Checked only when the schema fails, so an object without such nulls pays nothing.
      object = pruneNulls(rules.schema, object) as KubeObject;
      check(object);
    }
    const changed = context.operation === 'UPDATE' ? changedBy(object, context.oldObject) : undefined;
    const schema = schemaErrors(check.errors, object, { limit: this.limits.maxErrors, keep: changed });
    const found = rules.rules(object, ruleContext(context, schema));
    const errors = schema.errors;
    errors.push(...(changed === undefined ? found.errors : ratchet(found.errors, object, context.oldObject)));
    const unknown = firstUnknownFields(rules.schema, object, this.limits.maxWarnings);
    const warnings = unknown.fields.map(unknownFieldWarning);
    warnings.push(...found.warnings);
    return { errors, warnings, moreErrors: schema.more, moreWarnings: unknown.more };
  }

  /** validateFast answers an object the kind's fast path admits: no schema error, no unknown field, only what the context rules find. */
  private validateFast(rules: ResourceRules, object: KubeObject, context: ValidationContext): ValidationResult {
    const found = rules.fastPath!.contextRules(object, ruleContext(context, NO_SCHEMA_FAILURES));
    const errors = context.operation === 'UPDATE' ? ratchet(found.errors, object, context.oldObject) : found.errors;
    return { errors, warnings: found.warnings, moreErrors: 0, moreWarnings: 0 };
  }
}

/** ruleContext is what a kind's rules are given: named fields, not a spread of context (see guardedWrite, operation.ts). */
function ruleContext(context: ValidationContext, schema: SchemaFailures): RuleContext {
  return {
    namespace: context.namespace,
    operation: context.operation,
    oldObject: context.operation === 'UPDATE' ? context.oldObject : undefined,
    clusterState: context.clusterState,
    serviceNameValidation: context.serviceNameValidation,
    fieldsWithSchemaErrors: schema,
  };
}
