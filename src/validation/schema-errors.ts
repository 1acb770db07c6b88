/**
 * schemaErrors turns ajv's errors into Kubernetes field errors worded as a
 * CRD's structural schema words them (apiextensions-apiserver
 * ConvertToFieldErrors over kube-openapi's messages), so `spec.port: Invalid
 * value: "string": spec.port in body must be of type integer: "string"` reads
 * the same whether the CRD or this webhook caught it.
 */
import type { ErrorObject } from 'ajv';
import {
  schemaMaximumDetail,
  schemaMinimumDetail,
  schemaMinItemsDetail,
  schemaMinLengthDetail,
  schemaMinPropertiesDetail,
  schemaOneOfDetail,
  schemaOtherDetail,
} from './apimachinery-wording.js';
import { type FieldError, invalid, NIL_PATH, notSupported, required, tooMany, typeInvalid } from './field-error.js';
import { shortened } from './shorten.js';

/**
 * OTHER_ONE_OF_BRANCH matches the errors of a oneOf branch after the first.
 * When no branch passes, kube-openapi reports only the branch that matched
 * most; the branches of these schemas (one required field each) always tie,
 * and a tie keeps the first.
 */
const OTHER_ONE_OF_BRANCH = /\/oneOf\/[1-9]\d*\//;

/** pathSegments decodes an ajv instancePath into its keys ("/spec/settings/a~1b" is spec, settings, a/b). */
export function pathSegments(instancePath: string): string[] {
  return instancePath === '' ? [] : instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** errorPath is where an error is, as keys: its instancePath's, and for a missing property the property's. */
function errorPath(error: ErrorObject): string[] {
  const path = pathSegments(error.instancePath);
  if (error.keyword === 'required') path.push(String((error.params as Record<string, unknown>)['missingProperty']));
  return path;
}

/**
 * fieldPath writes the keys of a field (["spec", "port"]) as a Kubernetes
 * field path ("spec.port") the way kube-openapi does: an array's index in
 * brackets, any object's key after a dot, a key of digits included
 * ("routingKeys.7"). The keys cannot tell the two apart, so they are walked
 * in data, the object that was validated. A key longer than MAX_SHOWN_CHARS
 * is cut (shorten.ts): the path is only shown, and FieldError.path keeps the
 * keys whole.
 */
export function fieldPath(keys: readonly string[], data: unknown): string {
  let path = '';
  let node = data;
  for (const key of keys) {
    const shown = shortened(key);
    if (Array.isArray(node)) path += `[${shown}]`;
    else path += path === '' ? shown : `.${shown}`;
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  }
  return path;
}

/** jsonType names a decoded JSON value's type as kube-openapi does. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function toFieldError(error: ErrorObject, path: string[], data: unknown): FieldError {
  return { ...convert(error, fieldPath(path, data)), path };
}

/** convert words error at field, its path as shown (for a missing property, the property's). */
function convert(error: ErrorObject, field: string): FieldError {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return required(field);
    case 'type':
      return typeInvalid(field, String(params['type']), jsonType(error.data));
    case 'minLength':
      // A required string that is empty is "Required value", as Kubernetes' own validation reports it.
      return params['limit'] === 1
        ? required(field)
        : invalid(field, error.data, schemaMinLengthDetail(field, Number(params['limit'])));
    case 'minimum':
      return invalid(field, error.data, schemaMinimumDetail(field, Number(params['limit'])));
    case 'maximum':
      return invalid(field, error.data, schemaMaximumDetail(field, Number(params['limit'])));
    case 'minItems':
      return invalid(field, (error.data as unknown[]).length, schemaMinItemsDetail(field, Number(params['limit'])));
    case 'maxItems':
      return tooMany(field, (error.data as unknown[]).length, Number(params['limit']));
    case 'minProperties':
      return invalid(field, Object.keys(error.data as object).length, schemaMinPropertiesDetail(field, Number(params['limit'])));
    case 'maxProperties':
      return tooMany(field, Object.keys(error.data as object).length, Number(params['limit']));
    case 'oneOf': {
      // kube-openapi reports a failed oneOf as a plain error, not a field's, which apiextensions-apiserver
      // turns into field.Invalid on the path it validates from: nil.
      const passing = params['passingSchemas'] as number[] | null;
      return invalid(NIL_PATH, '', schemaOneOfDetail(field, passing === null ? 0 : passing.length));
    }
    case 'enum':
      return notSupported(field, error.data, (params['allowedValues'] as unknown[]).map(String));
    default:
      return invalid(field, error.data, schemaOtherDetail(field, error.message ?? 'is invalid'));
  }
}

/**
 * oneOfFirst moves each oneOf error before the errors of its branches, as
 * kube-openapi reports them; ajv reports the branches first.
 */
function oneOfFirst(errors: readonly ErrorObject[]): readonly ErrorObject[] {
  if (!errors.some((error) => error.keyword === 'oneOf')) return errors;
  const ordered = [...errors];
  for (const error of errors) {
    if (error.keyword !== 'oneOf') continue;
    const first = ordered.findIndex((e) => e.schemaPath.startsWith(`${error.schemaPath}/`));
    if (first === -1) continue;
    ordered.splice(ordered.indexOf(error), 1);
    ordered.splice(first, 0, error);
  }
  return ordered;
}

/** SchemaErrors are a check's field errors, the first few converted, the rest only counted. */
export interface SchemaErrors {
  /** errors are the first `limit` errors kept, in ajv's order. */
  errors: FieldError[];
  /** more counts the errors kept past `limit`, which were never converted. */
  more: number;
  /**
   * failed reports whether the schema rejected the field at a dotted path of
   * plain keys ("metadata.name"), ratcheted or not: rules skip such fields.
   */
  failed(field: string): boolean;
  /** any reports whether the schema rejected anything at all, ratcheted or not. */
  any(): boolean;
}

/** SchemaErrorOptions bound the conversion and choose the errors that count. */
export interface SchemaErrorOptions {
  /** limit is how many errors to convert; the rest are counted in `more`. */
  limit?: number;
  /** keep says whether the error at a field (its keys one by one) counts (ratchet.ts); all do by default. */
  keep?: (path: readonly string[]) => boolean;
}

/** NOTHING_FAILED is SchemaErrors.failed when the schema passed. */
const NOTHING_FAILED = (): boolean => false;

/** NO_SCHEMA_FAILURES says that the schema rejected nothing: what the rules are told of an object that passed it. */
export const NO_SCHEMA_FAILURES: Readonly<Pick<SchemaErrors, 'failed' | 'any'>> = { failed: NOTHING_FAILED, any: NOTHING_FAILED };

/**
 * errorKey is where an error is: its instancePath, and for a missing
 * property the property's. A failed oneOf is reported on no field (NIL_PATH)
 * and leaves the object's own fields to the rules, so it has a key of its own.
 */
function errorKey(error: ErrorObject): string {
  if (error.keyword === 'required') return `${error.instancePath}/${String((error.params as Record<string, unknown>)['missingProperty'])}`;
  return error.keyword === 'oneOf' ? `oneOf:${error.instancePath}` : error.instancePath;
}

/**
 * schemaErrors converts ajv's errors, keeping one error per field: a type
 * error hides every other complaint about the same field, since nothing
 * else about a value of the wrong type is meaningful. Only the first `limit`
 * errors that `keep` keeps are converted: ajv reports one error per bad
 * value, and a body of 95,000 of them must not cost 95,000 messages. data
 * is the object ajv validated, which the field paths are written from.
 */
export function schemaErrors(errors: readonly ErrorObject[] | null | undefined, data: unknown, options: SchemaErrorOptions = {}): SchemaErrors {
  if (!errors?.length) return { errors: [], more: 0, failed: NOTHING_FAILED, any: NOTHING_FAILED };
  const limit = options.limit ?? Infinity;
  const byKey = new Map<string, ErrorObject>();
  for (const error of oneOfFirst(errors)) {
    if (OTHER_ONE_OF_BRANCH.test(error.schemaPath)) continue;
    const key = errorKey(error);
    const existing = byKey.get(key);
    if (!existing || (error.keyword === 'type' && existing.keyword !== 'type')) byKey.set(key, error);
  }
  const result: SchemaErrors = { errors: [], more: 0, failed: (field) => byKey.has(`/${field.replace(/\./g, '/')}`), any: () => byKey.size > 0 };
  for (const error of byKey.values()) {
    // Past the limit, with nothing to choose by, an error is only counted: its path is not worth finding.
    if (!options.keep && result.errors.length >= limit) {
      result.more++;
      continue;
    }
    const path = errorPath(error);
    if (options.keep && !options.keep(path)) continue;
    if (result.errors.length < limit) result.errors.push(toFieldError(error, path, data));
    else result.more++;
  }
  return result;
}
