/**
 * An independent statement of the Kubernetes name grammars, written from
 * apimachinery's documentation rather than from src/validation/names.ts, and
 * without regular expressions, so that the property tests compare two
 * readings of the grammar instead of one reading with itself.
 *
 * - A DNS-1123 label is 1 to 63 bytes of a-z, 0-9 and '-', starting and
 *   ending with a-z or 0-9.
 * - A DNS-1123 subdomain is at most 253 bytes of DNS-1123 labels joined by
 *   '.'; apimachinery limits only the whole, not each label's length.
 * - A DNS-1035 label is a DNS-1123 label that starts with a-z.
 * - A label value is empty, or A-Z, a-z, 0-9, '-', '_' and '.', starting
 *   and ending with A-Z, a-z or 0-9; at most 63 bytes. A label key's name
 *   part is the same, but never empty.
 *
 * Lengths are Go's len(): bytes of UTF-8.
 */

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const UPPER = LOWER.toUpperCase();

function isLower(c: string | undefined): boolean {
  return c !== undefined && c.length === 1 && LOWER.includes(c);
}

function isAlphanumeric(c: string | undefined): boolean {
  return c !== undefined && c.length === 1 && (LOWER.includes(c) || DIGITS.includes(c));
}

/** utf8Length counts bytes as Go's len() does. */
export function utf8Length(value: string): number {
  return new TextEncoder().encode(value).length;
}

/** labelShaped checks the label's characters (not its length), with first deciding the first character. */
function labelShaped(value: string, first: (c: string | undefined) => boolean): boolean {
  if (!first(value[0]) || !isAlphanumeric(value[value.length - 1])) return false;
  for (const c of value) if (!isAlphanumeric(c) && c !== '-') return false;
  return true;
}

/** dns1123LabelShaped is the label grammar without the length limit. */
export function dns1123LabelShaped(value: string): boolean {
  return labelShaped(value, isAlphanumeric);
}

/** dns1123SubdomainShaped is the subdomain grammar without the length limit. */
export function dns1123SubdomainShaped(value: string): boolean {
  return value.split('.').every(dns1123LabelShaped);
}

/** dns1035LabelShaped is the DNS-1035 label grammar without the length limit. */
export function dns1035LabelShaped(value: string): boolean {
  return labelShaped(value, isLower);
}

function isMixedAlphanumeric(c: string | undefined): boolean {
  return isAlphanumeric(c) || (c !== undefined && c.length === 1 && UPPER.includes(c));
}

/** labelValueShaped is the label-value grammar without the length limit. */
export function labelValueShaped(value: string): boolean {
  if (value === '') return true;
  if (!isMixedAlphanumeric(value[0]) || !isMixedAlphanumeric(value[value.length - 1])) return false;
  for (const c of value) if (!isMixedAlphanumeric(c) && c !== '-' && c !== '_' && c !== '.') return false;
  return true;
}

/** isLabel, isSubdomain and isDns1035 are the whole rules: grammar and length. */
export const isLabel = (value: string): boolean => utf8Length(value) <= 63 && dns1123LabelShaped(value);
export const isSubdomain = (value: string): boolean => utf8Length(value) <= 253 && dns1123SubdomainShaped(value);
export const isDns1035 = (value: string): boolean => utf8Length(value) <= 63 && dns1035LabelShaped(value);

/** isLabelValueString is a whole label value: at most 63 bytes of the grammar, or empty. */
export const isLabelValueString = (value: string): boolean => utf8Length(value) <= 63 && labelValueShaped(value);

/**
 * isLabelKeyString is a whole label key: an optional DNS-1123 subdomain and a
 * '/', then a name part of 1 to 63 bytes in the label value's grammar.
 */
export function isLabelKeyString(key: string): boolean {
  const parts = key.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1]!;
  if (parts.length === 2 && !isSubdomain(parts[0]!)) return false;
  return name !== '' && isLabelValueString(name);
}
