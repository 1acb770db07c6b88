/**
 * Kubernetes name grammars with apimachinery's exact wording
 * (k8s.io/apimachinery/pkg/util/validation/validation.go, as kubectl 1.32
 * prints it: lengths "must be no more than N characters"; the content package
 * of later releases says "bytes" and "a valid label key"). Each check
 * returns the list of messages apimachinery would return: empty means valid.
 * Lengths are counted in bytes, as Go's len() counts them.
 */

/** DNS1123_LABEL_MAX_LENGTH is a label's limit in DNS (RFC 1123), and so a namespace name's. */
export const DNS1123_LABEL_MAX_LENGTH = 63;
/** DNS1123_SUBDOMAIN_MAX_LENGTH is a subdomain's limit in DNS (RFC 1123), and so most object names'. */
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
/** DNS1035_LABEL_MAX_LENGTH is an RFC 1035 label's limit, and so a Service name's. */
export const DNS1035_LABEL_MAX_LENGTH = 63;

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_ERR_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_ERR_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL_ERR_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";

/** LABEL_VALUE_MAX_LENGTH is a label value's limit, and the name part's of a label key. */
export const LABEL_VALUE_MAX_LENGTH = 63;

const LABEL_KEY_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_KEY_ERR_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_KEY_EXAMPLES = ['MyName', 'my.name', '123-abc'];
const LABEL_VALUE_FMT = `(${LABEL_KEY_FMT})?`;
const LABEL_VALUE_ERR_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

const dns1123LabelRegexp = new RegExp(`^${DNS1123_LABEL_FMT}$`);
/**
 * DNS1123_SUBDOMAIN_SHAPE and DOT_BESIDE_DOT_OR_DASH together match exactly
 * DNS1123_SUBDOMAIN_FMT (alphanumerics at both ends, and every dot between
 * two alphanumerics), without its repeated group: V8 keeps a backtracking
 * entry per repetition of a group, and a megabyte name of "a.a.a..." exhausts
 * its stack (a RangeError: a 500 instead of a denial).
 */
const DNS1123_SUBDOMAIN_SHAPE = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const DOT_BESIDE_DOT_OR_DASH = /\.\.|\.-|-\./;

/** isDNS1123SubdomainSyntax reports whether value matches DNS1123_SUBDOMAIN_FMT whole. */
function isDNS1123SubdomainSyntax(value: string): boolean {
  return DNS1123_SUBDOMAIN_SHAPE.test(value) && !DOT_BESIDE_DOT_OR_DASH.test(value);
}
const dns1035LabelRegexp = new RegExp(`^${DNS1035_LABEL_FMT}$`);
const labelKeyNameRegexp = new RegExp(`^${LABEL_KEY_FMT}$`);
const labelValueRegexp = new RegExp(`^${LABEL_VALUE_FMT}$`);

/** maxLenError is apimachinery's MaxLenError. */
export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

/** EMPTY_ERROR is apimachinery's EmptyError(). */
export const EMPTY_ERROR = 'must be non-empty';

/** regexError is apimachinery's RegexError, double space and all ("'my-name',  or '123-abc'"). */
export function regexError(message: string, format: string, ...examples: string[]): string {
  if (examples.length === 0) return `${message} (regex used for validation is '${format}')`;
  return `${message} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${format}')`;
}

function byteLength(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

/** isDNS1123Label is IsDNS1123Label: a namespace name, for example. */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1123_LABEL_MAX_LENGTH));
  if (!dns1123LabelRegexp.test(value)) {
    // A valid subdomain that is not a valid label (length already checked) must contain dots.
    if (isDNS1123SubdomainSyntax(value)) errs.push('must not contain dots');
    else errs.push(regexError(DNS1123_LABEL_ERR_MSG, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
  }
  return errs;
}

/** isDNS1123Subdomain is IsDNS1123Subdomain: most object names and Secret names. */
export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!isDNS1123SubdomainSyntax(value)) {
    errs.push(regexError(DNS1123_SUBDOMAIN_ERR_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  }
  return errs;
}

/** isDNS1035Label is IsDNS1035Label: a Service name. */
export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1035_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1035_LABEL_MAX_LENGTH));
  if (!dns1035LabelRegexp.test(value)) {
    errs.push(regexError(DNS1035_LABEL_ERR_MSG, DNS1035_LABEL_FMT, 'my-name', 'abc-123'));
  }
  return errs;
}

/** LABEL_KEY_GRAMMAR is the qualified name's grammar as RegexError words it: the name part's message, and the many-slashes one. */
const LABEL_KEY_GRAMMAR = regexError(LABEL_KEY_ERR_MSG, LABEL_KEY_FMT, ...LABEL_KEY_EXAMPLES);

/**
 * isLabelKey is IsQualifiedName: a label key, and a
 * lower-cased annotation key. An optional DNS-1123 subdomain prefix and a
 * slash, then a name part of at most 63 bytes.
 */
export function isLabelKey(value: string): string[] {
  const errs: string[] = [];
  let name = value;
  const slash = value.indexOf('/');
  if (slash !== -1) {
    name = value.slice(slash + 1);
    if (name.includes('/')) return [`a qualified name ${LABEL_KEY_GRAMMAR} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
    const prefix = value.slice(0, slash);
    if (prefix === '') errs.push(`prefix part ${EMPTY_ERROR}`);
    else for (const message of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${message}`);
  }
  if (name === '') errs.push(`name part ${EMPTY_ERROR}`);
  else if (byteLength(name) > LABEL_VALUE_MAX_LENGTH) errs.push(`name part ${maxLenError(LABEL_VALUE_MAX_LENGTH)}`);
  if (!labelKeyNameRegexp.test(name)) errs.push(`name part ${LABEL_KEY_GRAMMAR}`);
  return errs;
}

/** isLabelValue is IsValidLabelValue: at most 63 bytes of the name part's grammar, or empty. */
export function isLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > LABEL_VALUE_MAX_LENGTH) errs.push(maxLenError(LABEL_VALUE_MAX_LENGTH));
  if (!labelValueRegexp.test(value)) errs.push(regexError(LABEL_VALUE_ERR_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}
