/**
 * A CRD's structural schema check, as the API server runs it after the
 * mutating webhooks and before the validating ones: ajv applies the CRD's
 * openAPIV3Schema, and each error becomes the field error apiextensions-apiserver
 * makes of kube-openapi's (pkg/apiserver/validation, kubeOpenAPIResultToFieldErrors):
 *
 * - type: `spec.port: Invalid value: "string": spec.port in body must be of type integer: "string"`
 * - required: `spec.host: Required value`
 * - enum: `spec.observer: Unsupported value: "x": supported values: "auto", ...`
 * - oneOf: kube-openapi's error is not a field error, so it is reported on the
 *   nil path: `<nil>: Invalid value: "": "spec" must validate one and only one
 *   schema (oneOf). Found none valid`, followed, when none is valid, by the
 *   failures of the first alternative.
 *
 * kube-openapi reports, for each object, its own type, oneOf and enum errors,
 * then its properties' errors, then its missing required properties; so do
 * these. It walks properties in Go map order, which varies from run to run;
 * these go in path order. Then come a list set's duplicates and the CEL
 * rules (crd-rules.ts), which the API server skips while a value has the
 * wrong type. A keyword not listed above is not modelled: checking an object
 * against such a schema throws rather than admit what a cluster might refuse.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { CrdRules } from './crd-rules.js';
import type { JsonSchema } from './crds.js';
import { type FieldError, FieldErrorType, invalid, notSupported, required, typeInvalid } from './field-errors.js';

/** KUBERNETES_KEYWORDS are the schema extensions a CRD may carry, which ajv is told to accept unread. */
const KUBERNETES_KEYWORDS = [
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
];

/** SchemaValidator checks objects of one kind against its CRD schema. */
export class SchemaValidator {
  private readonly validate: ValidateFunction;
  private readonly rules: CrdRules;

  constructor(schema: JsonSchema) {
    // Formats (date-time, int64) only appear under status, which a write to the main resource never keeps.
    // strictRequired is off because a CRD's oneOf alternatives name properties declared one level up.
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, validateFormats: false });
    ajv.addVocabulary(KUBERNETES_KEYWORDS);
    this.validate = ajv.compile(schema);
    this.rules = new CrdRules(schema);
  }

  /** fieldErrors returns the API server's field errors for object, in its order; [] when it passes. oldObject is an UPDATE's stored object. */
  fieldErrors(object: unknown, oldObject: unknown = null): FieldError[] {
    const errors = this.validate(object) ? [] : firstAlternativeOnly(this.validate.errors ?? []);
    const schemaErrors = errors
      .map((error, index) => ({ error: toFieldError(error, object), key: orderKey(error), index }))
      .sort((a, b) => compareKeys(a.key, b.key) || a.index - b.index)
      .map((e) => e.error);
    if (schemaErrors.some((e) => e.type === FieldErrorType.typeInvalid)) return schemaErrors;
    return schemaErrors.concat(this.rules.fieldErrors(object, oldObject));
  }
}

function toFieldError(error: ErrorObject, object: unknown): FieldError {
  const field = fieldPath(error.instancePath, object);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type': {
      const actual = jsonType(error.data);
      return typeInvalid(field, actual, `${field} in body must be of type ${String(params['type'])}: "${actual}"`);
    }
    case 'required':
      return required(field === '' ? String(params['missingProperty']) : `${field}.${String(params['missingProperty'])}`);
    case 'enum':
      return notSupported(field, error.data, (params['allowedValues'] as unknown[]).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))));
    case 'oneOf': {
      const passing = params['passingSchemas'] as number[] | null;
      const found = passing ? `Found ${passing.length} valid alternatives` : 'Found none valid';
      return invalid('<nil>', '', `${JSON.stringify(field)} must validate one and only one schema (oneOf). ${found}`);
    }
    default:
      throw new Error(`the stand-in API server does not model the schema keyword ${error.keyword} (at ${error.schemaPath})`);
  }
}

/** firstAlternativeOnly keeps, of a failed oneOf's alternatives, the first one's errors, as kube-openapi keeps its best one. */
function firstAlternativeOnly(errors: ErrorObject[]): ErrorObject[] {
  return errors.filter((e) => !/\/oneOf\/[1-9]\d*\//.test(e.schemaPath));
}

// An order key is the path of the object an error belongs to and where among
// that object's checks it comes: its own checks (0), then a failed oneOf's
// alternative (0.5), its properties (1), its missing required properties (2).
type OrderKey = { path: string[]; rank: number };
const PROPERTIES_RANK = 1;

function orderKey(error: ErrorObject): OrderKey {
  const path = segments(error.instancePath);
  if (/\/oneOf\/\d+\//.test(error.schemaPath)) return { path, rank: 0.5 };
  return { path, rank: error.keyword === 'required' ? 2 : 0 };
}

function compareKeys(a: OrderKey, b: OrderKey): number {
  const shared = Math.min(a.path.length, b.path.length);
  for (let i = 0; i < shared; i++) {
    if (a.path[i] !== b.path[i]) return a.path[i]! < b.path[i]! ? -1 : 1;
  }
  if (a.path.length === b.path.length) return a.rank - b.rank;
  return a.path.length < b.path.length ? a.rank - PROPERTIES_RANK : PROPERTIES_RANK - b.rank;
}

function segments(instancePath: string): string[] {
  return instancePath === '' ? [] : instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** fieldPath writes an ajv instancePath as kube-openapi does: keys joined by dots, array indexes in brackets. */
function fieldPath(instancePath: string, object: unknown): string {
  let path = '';
  let node = object;
  for (const segment of segments(instancePath)) {
    path += Array.isArray(node) ? `[${segment}]` : path === '' ? segment : `.${segment}`;
    node = (node as Record<string, unknown>)[segment];
  }
  return path;
}

/** jsonType names a decoded value's type as kube-openapi does (a whole number is an integer). */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
