/**
 * The stand-in's own field errors, worded as apimachinery's
 * util/validation/field words them (Error.ErrorBody), for the errors the API
 * server raises itself: a CRD's structural schema and strict decoding. Kept
 * apart from the product's src/validation so that the webhook's wording is
 * compared against an independent statement of the API server's.
 */

/** FieldErrorType is apimachinery's field.ErrorType: the cause reason and the words ErrorBody starts with. */
export const FieldErrorType = {
  required: { reason: 'FieldValueRequired', words: 'Required value' },
  invalid: { reason: 'FieldValueInvalid', words: 'Invalid value' },
  typeInvalid: { reason: 'FieldValueTypeInvalid', words: 'Invalid value' },
  notSupported: { reason: 'FieldValueNotSupported', words: 'Unsupported value' },
  duplicate: { reason: 'FieldValueDuplicate', words: 'Duplicate value' },
} as const;

/** FieldError is one field.Error: where, what kind, the bad value (absent for Required) and the detail. */
export interface FieldError {
  type: (typeof FieldErrorType)[keyof typeof FieldErrorType];
  field: string;
  value?: unknown;
  /** omitValue leaves the value out of the message, as apimachinery's omitValue does. */
  omitValue?: boolean;
  detail: string;
}

/** required is field.Required(path, ""). */
export function required(field: string): FieldError {
  return { type: FieldErrorType.required, field, detail: '' };
}

/** invalid is field.Invalid(path, value, detail). */
export function invalid(field: string, value: unknown, detail: string): FieldError {
  return { type: FieldErrorType.invalid, field, value, detail };
}

/** typeInvalid is field.TypeInvalid(path, value, detail). */
export function typeInvalid(field: string, value: unknown, detail: string): FieldError {
  return { type: FieldErrorType.typeInvalid, field, value, detail };
}

/** duplicate is field.Duplicate(path, value): a set (x-kubernetes-list-type: set) holds value twice. */
export function duplicate(field: string, value: unknown): FieldError {
  return { type: FieldErrorType.duplicate, field, value, detail: '' };
}

/**
 * ruleFailed is a CRD's x-kubernetes-validations rule that came out false:
 * field.Invalid with the rule's message, the value shown for a string,
 * number or boolean and left out for an object or a list (Kubernetes 1.35 on).
 */
export function ruleFailed(field: string, value: unknown, message: string): FieldError {
  const shown = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
  return { type: FieldErrorType.invalid, field, value, omitValue: !shown, detail: message };
}

/** notSupported is field.NotSupported(path, value, supported): the detail lists the supported values quoted. */
export function notSupported(field: string, value: unknown, supported: readonly string[]): FieldError {
  return { type: FieldErrorType.notSupported, field, value, detail: `supported values: ${supported.map(goQuote).join(', ')}` };
}

/** errorBody is Error.ErrorBody(): the words, the value (quoted when a string, JSON when composite), the detail. */
export function errorBody(error: FieldError): string {
  let body = error.type.words;
  if (error.type !== FieldErrorType.required && !error.omitValue) body += `: ${printValue(error.value)}`;
  return error.detail ? `${body}: ${error.detail}` : body;
}

/** errorString is Error.Error(): "field: body". */
export function errorString(error: FieldError): string {
  return `${error.field}: ${errorBody(error)}`;
}

/** goQuote is Go's %q for the printable strings these errors carry. */
export function goQuote(text: string): string {
  return JSON.stringify(text);
}

function printValue(value: unknown): string {
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value ?? null);
}
