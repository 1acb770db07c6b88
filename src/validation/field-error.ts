/**
 * FieldError mirrors apimachinery's field.Error
 * (k8s.io/apimachinery/pkg/util/validation/field/errors.go), so that a denial
 * reads exactly like the API server's own validation in kubectl. The words
 * themselves are in apimachinery-wording.ts.
 */
import {
  aggregateError,
  ERROR_TYPE_LABELS,
  type FieldErrorType,
  formatBadValue,
  notSupportedDetail,
  ruleFailureShowsValue,
  schemaTypeDetail,
  tooLongDetail,
  tooManyDetail,
} from './apimachinery-wording.js';

export type { FieldErrorType } from './apimachinery-wording.js';

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
    detail: schemaTypeDetail(field, expected, actual),
  };
}

/** notSupported is field.NotSupported: the value is not one of a fixed set. */
export function notSupported(field: string, badValue: unknown, supported: readonly string[]): FieldError {
  return { type: 'FieldValueNotSupported', field, badValue, detail: notSupportedDetail(supported) };
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
  return { type: 'FieldValueTooLong', field, badValue: OMIT_VALUE, detail: tooLongDetail(maxLength) };
}

/**
 * tooMany is field.TooMany: a list or map holds more than max items (a
 * CRD's maxItems and maxProperties); the value shown is how many it holds.
 */
export function tooMany(field: string, actual: number, max: number): FieldError {
  return { type: 'FieldValueTooMany', field, badValue: actual >= 0 ? actual : OMIT_VALUE, detail: tooManyDetail(max) };
}

/** duplicate is field.Duplicate: a set (x-kubernetes-list-type: set) holds value twice; it has no detail. */
export function duplicate(field: string, value: unknown): FieldError {
  return { type: 'FieldValueDuplicate', field, badValue: value, detail: '' };
}

/**
 * ruleFailure is how the API server reports a CRD's x-kubernetes-validations
 * rule that evaluated to false, with no reason and no messageExpression
 * (apiextensions-apiserver pkg/apiserver/schema/cel/validation.go):
 * field.Invalid on the rule's field with the rule's message; the value is
 * printed for a string, number or boolean and left out for an object or an
 * array (ruleFailureShowsValue says which).
 */
export function ruleFailure(field: string, value: unknown, message: string): FieldError {
  return invalid(field, ruleFailureShowsValue(value) ? value : OMIT_VALUE, message.trim());
}

/** errorBody is field.Error.ErrorBody(): the message without the field path, as a StatusCause carries it. */
export function errorBody(error: FieldError): string {
  const label = ERROR_TYPE_LABELS[error.type];
  const head =
    error.type === 'FieldValueRequired' || error.type === 'FieldValueForbidden' || error.badValue === OMIT_VALUE
      ? label
      : `${label}: ${formatBadValue(error.badValue)}`;
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
  return aggregateError(errors.map(formatFieldError));
}
