/**
 * Kubernetes name grammars, worded by apimachinery-wording.ts: each check
 * returns the list of messages apimachinery would return, empty meaning
 * valid. Object, namespace and Service names follow util/validation; label
 * keys and values follow the content package, which says "bytes" where
 * util/validation says "characters". Lengths are counted in bytes, as Go's
 * len() counts them.
 */
import {
  contentMaxLenError,
  DNS1035_LABEL_ERR_MSG,
  DNS1035_LABEL_EXAMPLES,
  DNS1035_LABEL_FMT,
  DNS1123_LABEL_ERR_MSG,
  DNS1123_LABEL_EXAMPLES,
  DNS1123_LABEL_FMT,
  DNS1123_SUBDOMAIN_ERR_MSG,
  DNS1123_SUBDOMAIN_EXAMPLES,
  DNS1123_SUBDOMAIN_FMT,
  EMPTY_ERROR,
  LABEL_KEY_ERR_MSG,
  LABEL_KEY_EXAMPLES,
  LABEL_KEY_FMT,
  LABEL_KEY_NAME_PART,
  LABEL_KEY_PREFIX_PART,
  LABEL_VALUE_ERR_MSG,
  LABEL_VALUE_EXAMPLES,
  LABEL_VALUE_FMT,
  labelKeySlashesError,
  maxLenError,
  NO_DOTS_ERROR,
  regexError,
} from './apimachinery-wording.js';
import type { SchemaObject } from 'ajv';

/** DNS1123_LABEL_MAX_LENGTH is a label's limit in DNS (RFC 1123), and so a namespace name's. */
export const DNS1123_LABEL_MAX_LENGTH = 63;
/** DNS1123_SUBDOMAIN_MAX_LENGTH is a subdomain's limit in DNS (RFC 1123), and so most object names'. */
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
/** DNS1035_LABEL_MAX_LENGTH is an RFC 1035 label's limit, and so a Service name's. */
export const DNS1035_LABEL_MAX_LENGTH = 63;
/** LABEL_VALUE_MAX_LENGTH is a label value's limit, and the name part's of a label key. */
export const LABEL_VALUE_MAX_LENGTH = 63;

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

/** The grammar messages, built once rather than per check. */
const DNS1123_LABEL_GRAMMAR = regexError(DNS1123_LABEL_ERR_MSG, DNS1123_LABEL_FMT, ...DNS1123_LABEL_EXAMPLES);
const DNS1123_SUBDOMAIN_GRAMMAR = regexError(DNS1123_SUBDOMAIN_ERR_MSG, DNS1123_SUBDOMAIN_FMT, ...DNS1123_SUBDOMAIN_EXAMPLES);
const DNS1035_LABEL_GRAMMAR = regexError(DNS1035_LABEL_ERR_MSG, DNS1035_LABEL_FMT, ...DNS1035_LABEL_EXAMPLES);
const LABEL_KEY_GRAMMAR = regexError(LABEL_KEY_ERR_MSG, LABEL_KEY_FMT, ...LABEL_KEY_EXAMPLES);
const LABEL_KEY_SLASHES = labelKeySlashesError();
const LABEL_VALUE_GRAMMAR = regexError(LABEL_VALUE_ERR_MSG, LABEL_VALUE_FMT, ...LABEL_VALUE_EXAMPLES);

function byteLength(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

/** isDNS1123Label is IsDNS1123Label: a namespace name, a Service port name. */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1123_LABEL_MAX_LENGTH));
  errs.push(...dns1123LabelGrammarErrors(value));
  return errs;
}

/**
 * dns1123LabelGrammarErrors is IsDNS1123Label without its length check, for
 * a value that becomes part of a label whose limit is stated apart (a name
 * Skupper puts a prefix before to make a Service port name).
 */
export function dns1123LabelGrammarErrors(value: string): string[] {
  if (dns1123LabelRegexp.test(value)) return [];
  // A valid subdomain that is not a valid label must contain dots.
  return [isDNS1123SubdomainSyntax(value) ? NO_DOTS_ERROR : DNS1123_LABEL_GRAMMAR];
}

/**
 * subdomainErrors is IsDNS1123Subdomain with the length message of the
 * package it comes from: util/validation's for names, the content
 * package's for a label key's prefix.
 */
function subdomainErrors(value: string, lengthError: (length: number) => string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(lengthError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!isDNS1123SubdomainSyntax(value)) errs.push(DNS1123_SUBDOMAIN_GRAMMAR);
  return errs;
}

/** isDNS1123Subdomain is IsDNS1123Subdomain: most object names and Secret names. */
export function isDNS1123Subdomain(value: string): string[] {
  return subdomainErrors(value, maxLenError);
}

/** isDNS1035Label is IsDNS1035Label: a Service name, where RelaxedServiceNameValidation is off. */
export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1035_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1035_LABEL_MAX_LENGTH));
  if (!dns1035LabelRegexp.test(value)) errs.push(DNS1035_LABEL_GRAMMAR);
  return errs;
}

/**
 * isLabelKey is the content package's IsLabelKey (util/validation's
 * IsQualifiedName): a label key, and a lower-cased annotation key. An
 * optional DNS-1123 subdomain prefix and a slash, then a name part of at
 * most 63 bytes.
 */
export function isLabelKey(value: string): string[] {
  const errs: string[] = [];
  let name = value;
  const slash = value.indexOf('/');
  if (slash !== -1) {
    name = value.slice(slash + 1);
    if (name.includes('/')) return [LABEL_KEY_SLASHES];
    const prefix = value.slice(0, slash);
    if (prefix === '') errs.push(`${LABEL_KEY_PREFIX_PART}${EMPTY_ERROR}`);
    else for (const message of subdomainErrors(prefix, contentMaxLenError)) errs.push(`${LABEL_KEY_PREFIX_PART}${message}`);
  }
  if (name === '') errs.push(`${LABEL_KEY_NAME_PART}${EMPTY_ERROR}`);
  else if (byteLength(name) > LABEL_VALUE_MAX_LENGTH) errs.push(`${LABEL_KEY_NAME_PART}${contentMaxLenError(LABEL_VALUE_MAX_LENGTH)}`);
  if (!labelKeyNameRegexp.test(name)) errs.push(`${LABEL_KEY_NAME_PART}${LABEL_KEY_GRAMMAR}`);
  return errs;
}

/** isLabelValue is the content package's IsLabelValue: at most 63 bytes of the name part's grammar, or empty. */
export function isLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > LABEL_VALUE_MAX_LENGTH) errs.push(contentMaxLenError(LABEL_VALUE_MAX_LENGTH));
  if (!labelValueRegexp.test(value)) errs.push(LABEL_VALUE_GRAMMAR);
  return errs;
}

/*
 * The same grammars as JSON Schema, for the kinds' fast paths
 * (ResourceRules.fastPath): every string one of these admits passes the
 * check above of the same name. They are ASCII only, so ajv's maxLength (in
 * characters) is the check's length in bytes. The subdomain is matched as
 * isDNS1123SubdomainSyntax matches it, without a repeated group.
 */

/** dns1123LabelSchema admits DNS-1123 labels of at most maxLength characters (isDNS1123Label). */
export function dns1123LabelSchema(maxLength = DNS1123_LABEL_MAX_LENGTH): SchemaObject {
  return { type: 'string', maxLength, pattern: dns1123LabelRegexp.source };
}

/** DNS1123_SUBDOMAIN_SCHEMA admits what isDNS1123Subdomain does. */
export const DNS1123_SUBDOMAIN_SCHEMA: SchemaObject = {
  type: 'string',
  maxLength: DNS1123_SUBDOMAIN_MAX_LENGTH,
  pattern: DNS1123_SUBDOMAIN_SHAPE.source,
  not: { pattern: DOT_BESIDE_DOT_OR_DASH.source },
};

/** DNS1035_LABEL_SCHEMA admits what isDNS1035Label does, and so every Service name, under either --service-name-validation. */
export const DNS1035_LABEL_SCHEMA: SchemaObject = { type: 'string', maxLength: DNS1035_LABEL_MAX_LENGTH, pattern: dns1035LabelRegexp.source };
