/**
 * Every string whose wording depends on the Kubernetes release, worded as
 * Kubernetes 1.37 words it (k8s.io/apimachinery v0.37, and the
 * kube-openapi messages of its CRD schema validation). Wording moves between
 * releases (1.35 moved label lengths to "bytes", 1.34 began printing nil as
 * null), so one release is chosen, named here and in docs/rules.md, and
 * nothing outside this file spells a message of Kubernetes' own.
 *
 * Sources, by the function each constant mirrors:
 * - pkg/util/validation/validation.go: object, namespace and Service names
 *   (IsDNS1123Label, IsDNS1123Subdomain, IsDNS1035Label), lengths in
 *   "characters";
 * - pkg/api/validate/content (kube.go, dns.go, errors.go): label keys and
 *   values (IsLabelKey, IsLabelValue), lengths in "bytes";
 * - pkg/util/validation/ip.go: IP addresses (IsValidIP);
 * - pkg/util/validation/field/errors.go: ErrorBody, TooLong, TooMany,
 *   Duplicate, NotSupported;
 * - pkg/api/errors (NewInvalid) and pkg/util/errors (aggregate);
 * - pkg/labels/selector.go: labels.Parse;
 * - kube-openapi pkg/validation (errors, validate): a CRD's structural
 *   schema, oneOf included;
 * - apiextensions-apiserver pkg/apiserver/schema/cel: a CRD's
 *   x-kubernetes-validations rules.
 */
import { quotedJson } from './shorten.js';

/** KUBERNETES_WORDING_VERSION is the Kubernetes minor whose apimachinery every message here copies. */
export const KUBERNETES_WORDING_VERSION = '1.37';

// --- Grammars: the regular expression each message quotes, and its message. ---

/** DNS1123_LABEL_FMT is util/validation's dns1123LabelFmt. */
export const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
/** DNS1123_LABEL_ERR_MSG is util/validation's dns1123LabelErrMsg. */
export const DNS1123_LABEL_ERR_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
/** DNS1123_LABEL_EXAMPLES are IsDNS1123Label's examples. */
export const DNS1123_LABEL_EXAMPLES = ['my-name', '123-abc'] as const;
/** DNS1123_SUBDOMAIN_FMT is util/validation's dns1123SubdomainFmt. */
export const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
/** DNS1123_SUBDOMAIN_ERR_MSG is util/validation's dns1123SubdomainErrorMsg. */
export const DNS1123_SUBDOMAIN_ERR_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
/** DNS1123_SUBDOMAIN_EXAMPLES are IsDNS1123Subdomain's examples. */
export const DNS1123_SUBDOMAIN_EXAMPLES = ['example.com'] as const;
/** DNS1035_LABEL_FMT is util/validation's dns1035LabelFmt. */
export const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
/** DNS1035_LABEL_ERR_MSG is util/validation's dns1035LabelErrMsg. */
export const DNS1035_LABEL_ERR_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
/** DNS1035_LABEL_EXAMPLES are IsDNS1035Label's examples. */
export const DNS1035_LABEL_EXAMPLES = ['my-name', 'abc-123'] as const;
/** LABEL_KEY_FMT is the content package's labelKeyFmt: a label key's name part. */
export const LABEL_KEY_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
/** LABEL_KEY_ERR_MSG is the content package's labelKeyErrMsg. */
export const LABEL_KEY_ERR_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
/** LABEL_KEY_EXAMPLES are IsLabelKey's examples. */
export const LABEL_KEY_EXAMPLES = ['MyName', 'my.name', '123-abc'] as const;
/** LABEL_VALUE_FMT is the content package's labelValueFmt. */
export const LABEL_VALUE_FMT = `(${LABEL_KEY_FMT})?`;
/** LABEL_VALUE_ERR_MSG is the content package's labelValueErrMsg. */
export const LABEL_VALUE_ERR_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
/** LABEL_VALUE_EXAMPLES are IsLabelValue's examples. */
export const LABEL_VALUE_EXAMPLES = ['MyValue', 'my_value', '12345'] as const;

// --- The small messages the name checks are built from. ---

/** maxLenError is util/validation's MaxLenError, for names: "characters", though Go counts bytes. */
export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

/** contentMaxLenError is the content package's MaxLenError, for label keys and values (1.35 and later). */
export function contentMaxLenError(length: number): string {
  return `must be no more than ${length} bytes`;
}

/** EMPTY_ERROR is EmptyError(). */
export const EMPTY_ERROR = 'must be non-empty';

/** NO_DOTS_ERROR is IsDNS1123Label's message for a subdomain that is not a label. */
export const NO_DOTS_ERROR = 'must not contain dots';

/** INVALID_IP_ERROR is IsValidIP's message for what netutils.ParseIPSloppy cannot read. */
export const INVALID_IP_ERROR = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

/** regexError is RegexError, double space and all ("'my-name',  or '123-abc'"). */
export function regexError(message: string, format: string, ...examples: readonly string[]): string {
  if (examples.length === 0) return `${message} (regex used for validation is '${format}')`;
  return `${message} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${format}')`;
}

/** labelKeySlashesError is IsLabelKey's one message for a key with more than one '/' (1.35 and later). */
export function labelKeySlashesError(): string {
  const grammar = regexError(LABEL_KEY_ERR_MSG, LABEL_KEY_FMT, ...LABEL_KEY_EXAMPLES);
  return `a valid label key ${grammar} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`;
}

/** LABEL_KEY_PREFIX_PART starts IsLabelKey's messages about the prefix part. */
export const LABEL_KEY_PREFIX_PART = 'prefix part ';
/** LABEL_KEY_NAME_PART starts IsLabelKey's messages about the name part. */
export const LABEL_KEY_NAME_PART = 'name part ';

/** NAME_REQUIRED_DETAIL is ValidateObjectMeta's detail for an object with neither name nor generateName. */
export const NAME_REQUIRED_DETAIL = 'name or generateName is required';

// --- field.Error and the Status that carries it. ---

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

/** ERROR_TYPE_LABELS is what ErrorType.String() prints for each type. */
export const ERROR_TYPE_LABELS: Readonly<Record<FieldErrorType, string>> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueTypeInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueDuplicate: 'Duplicate value',
};

/** tooLongDetail is field.TooLong's detail, in bytes (1.32 and later). */
export function tooLongDetail(maxLength: number): string {
  return maxLength >= 0 ? `may not be more than ${maxLength} ${maxLength === 1 ? 'byte' : 'bytes'}` : 'value is too long';
}

/** tooManyDetail is field.TooMany's detail: a count of items, one item in the singular. */
export function tooManyDetail(max: number): string {
  return max >= 0 ? `must have at most ${max} ${max === 1 ? 'item' : 'items'}` : 'has too many items';
}

/** notSupportedDetail is field.NotSupported's detail: each value quoted, as strconv.Quote does. */
export function notSupportedDetail(supported: readonly string[]): string {
  return supported.length ? `supported values: ${supported.map((v) => JSON.stringify(v)).join(', ')}` : '';
}

/**
 * formatBadValue prints a bad value as ErrorBody does: strings quoted (%q),
 * numbers and booleans bare (%v), anything else as JSON, nil as null and
 * maps as objects (1.34 and later; earlier releases printed Go's %#v). A
 * long string or JSON text is cut after MAX_SHOWN_CHARS (shorten.ts), which
 * apimachinery need not do: the API server's request limit bounds its values.
 */
export function formatBadValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'number':
    case 'boolean':
      return String(value);
    default:
      return quotedJson(value);
  }
}

/** aggregateError is utilerrors' aggregate Error(): one message alone, several as "[a, b]" without duplicates. */
export function aggregateError(messages: readonly string[]): string {
  const seen = [...new Set(messages)];
  return seen.length === 1 ? seen[0]! : `[${seen.join(', ')}]`;
}

/** invalidMessage is NewInvalid's Status message: `Kind.group "name" is invalid: ...`, quotedName being the name as %q prints it. */
export function invalidMessage(qualifiedKind: string, quotedName: string, aggregate: string): string {
  return `${qualifiedKind} ${quotedName} is invalid: ${aggregate}`;
}

// --- A CRD's structural schema (kube-openapi), as the API server reports it. ---

/** schemaTypeDetail is kube-openapi's typeFailWithData: `spec.port in body must be of type integer: "string"`. */
export function schemaTypeDetail(field: string, expected: string, actual: string): string {
  return `${field} in body must be of type ${expected}: ${JSON.stringify(actual)}`;
}

/** schemaMinLengthDetail is kube-openapi's tooShortMessage. */
export function schemaMinLengthDetail(field: string, limit: number): string {
  return `${field} in body should be at least ${limit} chars long`;
}

/** schemaMinimumDetail is kube-openapi's minIncFailNoIn. */
export function schemaMinimumDetail(field: string, limit: number): string {
  return `${field} in body should be greater than or equal to ${limit}`;
}

/** schemaMaximumDetail is kube-openapi's maxIncFailNoIn. */
export function schemaMaximumDetail(field: string, limit: number): string {
  return `${field} in body should be less than or equal to ${limit}`;
}

/** schemaMinItemsDetail is kube-openapi's minItemsFail. */
export function schemaMinItemsDetail(field: string, limit: number): string {
  return `${field} in body should have at least ${limit} items`;
}

/** schemaMinPropertiesDetail is kube-openapi's tooFewProperties. */
export function schemaMinPropertiesDetail(field: string, limit: number): string {
  return `${field} in body should have at least ${limit} properties`;
}

/**
 * schemaOneOfDetail is kube-openapi's MustValidateOnlyOneSchemaError for the
 * object at field, of whose oneOf branches `passing` passed. It is no field's
 * error, so the API server reports it on the nil path, with "" as the value.
 */
export function schemaOneOfDetail(field: string, passing: number): string {
  const found = passing === 0 ? 'Found none valid' : `Found ${passing} valid alternatives`;
  return `${JSON.stringify(field)} must validate one and only one schema (oneOf). ${found}`;
}

/**
 * ruleFailureShowsValue says whether the API server prints the value of a
 * field whose x-kubernetes-validations rule failed: since 1.35 a string,
 * number or boolean is printed and an object or array left out (1.34 and
 * earlier printed the schema type instead, as in `Invalid value: "object"`).
 */
export function ruleFailureShowsValue(value: unknown): boolean {
  return typeof value !== 'object' || value === null;
}

/** schemaOtherDetail words any other schema failure the way kube-openapi prefixes them: `<field> in body <message>`. */
export function schemaOtherDetail(field: string, message: string): string {
  return `${field} in body ${message}`;
}

/** unknownFieldWarning is the API server's field validation warning for a field the schema does not know. */
export function unknownFieldWarning(field: string): string {
  return `unknown field "${field}"`;
}

// --- labels.Parse, as the API server answers a list with a bad label selector. ---

/** SELECTOR_EXPECTED are the "expected" clauses of labels.Parse's errors, by what the parser was reading. */
export const SELECTOR_EXPECTED = {
  requirement: "!, identifier, or 'end of string'",
  afterRequirement: "',' or 'end of string'",
  afterComma: "identifier after ','",
  identifier: 'identifier',
  operator: ['in', 'notin', '=', '==', '!=', 'gt', 'lt'].join(', '),
  closingParenthesis: "')'",
  firstValue: "',', ')' or identifier",
  afterValue: "',' or ')'",
  value: "',', or identifier",
} as const;

/** selectorFoundError is the parser's `found '<literal>', expected: <what>`. */
export function selectorFoundError(literal: string, expected: string): string {
  return `found '${literal}', expected: ${expected}`;
}

/** selectorOpeningParenthesisError is the one "found" error labels.Parse words without a comma. */
export function selectorOpeningParenthesisError(literal: string): string {
  return `found '${literal}' expected: '('`;
}

/** selectorLexError is the lexer's literal for special characters that make no operator. */
export function selectorLexError(characters: string): string {
  return `error expected: keyword found '${characters}'`;
}

/** selectorRequirementError wraps an error in one requirement, as Parser.parse does. */
export function selectorRequirementError(message: string): string {
  return `unable to parse requirement: ${message}`;
}

/** SELECTOR_INTEGER_DETAIL is NewRequirement's detail for a Gt or Lt value that is no integer. */
export const SELECTOR_INTEGER_DETAIL = "for 'Gt', 'Lt' operators, the value must be an integer";
