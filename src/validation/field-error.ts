/**
 * FieldError mirrors apimachinery's field.Error
 * (k8s.io/apimachinery/pkg/util/validation/field/errors.go), so that a denial
 * reads exactly like the API server's own validation in kubectl.
 */

/** FieldErrorType is the cause reason apimachinery reports for each kind of failure. */
export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueTypeInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueDuplicate';

/** FieldError is one field's failure: where, what kind, the offending value and the detail. */
export interface FieldError {
  type: FieldErrorType;
  field: string;
  /** path is the field's keys one by one, where a key may itself hold dots (a settings key); absent means field split on dots. */
  path?: readonly string[];
  /** badValue is shown after "Invalid value: "; OMIT_VALUE hides it, as apimachinery's omitValue does. */
  badValue: unknown;
  detail: string;
}

/** NIL_PATH is what a nil field.Path prints, as the field of an error that belongs to no field. */
export const NIL_PATH = '<nil>';

/** OMIT_VALUE marks a FieldError whose value must not be printed. */
export const OMIT_VALUE = Symbol('omitValue');

/** TYPE_LABELS is what apimachinery's ErrorType.String() prints for each type. */
const TYPE_LABELS: Record<FieldErrorType, string> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueTypeInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueDuplicate: 'Duplicate value',
};

/** required is field.Required: the field is missing or empty. */
export function required(field: string, detail = ''): FieldError {
  return { type: 'FieldValueRequired', field, badValue: OMIT_VALUE, detail };
}

/** invalid is field.Invalid: the value is present but breaks a rule. */
export function invalid(field: string, badValue: unknown, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, badValue, detail };
}

/** typeInvalid is field.TypeInvalid, worded as a CRD's structural schema words it. */
export function typeInvalid(field: string, expected: string, actual: string): FieldError {
  return {
    type: 'FieldValueTypeInvalid',
    field,
    badValue: actual,
    detail: `${field} in body must be of type ${expected}: ${JSON.stringify(actual)}`,
  };
}

/** notSupported is field.NotSupported: the value is not one of a fixed set. */
export function notSupported(field: string, badValue: unknown, supported: readonly string[]): FieldError {
  const detail = supported.length ? `supported values: ${supported.map((v) => JSON.stringify(v)).join(', ')}` : '';
  return { type: 'FieldValueNotSupported', field, badValue, detail };
}

/** forbidden is field.Forbidden: the field may not be set at all. */
export function forbidden(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, badValue: OMIT_VALUE, detail };
}

/**
 * tooLong is field.TooLong: the value is over maxLength bytes. Like
 * apimachinery's ErrorBody for this type, it never prints the value.
 */
export function tooLong(field: string, maxLength: number): FieldError {
  const detail = maxLength >= 0 ? `may not be more than ${maxLength} ${maxLength === 1 ? 'byte' : 'bytes'}` : 'value is too long';
  return { type: 'FieldValueTooLong', field, badValue: OMIT_VALUE, detail };
}

/**
 * tooMany is field.TooMany: a list or map holds more than max items (a
 * CRD's maxItems and maxProperties); the value shown is how many it holds.
 */
export function tooMany(field: string, actual: number, max: number): FieldError {
  const detail = max >= 0 ? `must have at most ${max} ${max === 1 ? 'item' : 'items'}` : 'has too many items';
  return { type: 'FieldValueTooMany', field, badValue: actual >= 0 ? actual : OMIT_VALUE, detail };
}

/** duplicate is field.Duplicate: a set (x-kubernetes-list-type: set) holds value twice; it has no detail. */
export function duplicate(field: string, value: unknown): FieldError {
  return { type: 'FieldValueDuplicate', field, badValue: value, detail: '' };
}

/**
 * ruleFailure is how the API server reports a CRD's x-kubernetes-validations
 * rule that evaluated to false, with no reason and no messageExpression:
 * field.Invalid on the rule's field, the schema type of that field as the
 * value, and the rule's message (apiextensions-apiserver
 * pkg/apiserver/schema/cel/validation.go). Kubernetes 1.32 to 1.34 print the
 * type (`spec.strategy: Invalid value: "object": ...`); 1.35 and later omit
 * the value for objects and arrays (`spec.strategy: Invalid value: ...`).
 */
export function ruleFailure(field: string, schemaType: string, message: string): FieldError {
  return invalid(field, schemaType, message.trim());
}

/**
 * formatValue prints a bad value as apimachinery's ErrorBody does: strings
 * quoted (%q), numbers and booleans bare (%v), null as "null", anything else
 * as JSON (Go would print a Go literal, which means nothing to a YAML user).
 */
function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
    case 'boolean':
      return String(value);
    default:
      return JSON.stringify(value) ?? String(value);
  }
}

/** errorBody is field.Error.ErrorBody(): the message without the field path, as a StatusCause carries it. */
export function errorBody(error: FieldError): string {
  const label = TYPE_LABELS[error.type];
  const head =
    error.type === 'FieldValueRequired' || error.type === 'FieldValueForbidden' || error.badValue === OMIT_VALUE
      ? label
      : `${label}: ${formatValue(error.badValue)}`;
  return error.detail ? `${head}: ${error.detail}` : head;
}

/** formatFieldError is field.Error.Error(): "spec.port: Invalid value: 0: ...". */
export function formatFieldError(error: FieldError): string {
  return `${error.field}: ${errorBody(error)}`;
}

/**
 * aggregateMessage is utilerrors.NewAggregate(errs).Error(): one message
 * alone, several as "[a, b]" with duplicates dropped.
 */
export function aggregateMessage(errors: readonly FieldError[]): string {
  const seen = [...new Set(errors.map(formatFieldError))];
  return seen.length === 1 ? seen[0]! : `[${seen.join(', ')}]`;
}
