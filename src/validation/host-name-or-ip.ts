/**
 * isHostNameOrIP checks a host a program connects to by name or by address:
 * a DNS-1123 subdomain, or an IP address as apimachinery's IsValidIP accepts
 * one (netutils.ParseIPSloppy: no IPv6 zone). A dotted IPv4 address is a
 * valid subdomain already, so only a value with a colon is read as an
 * address; its message is IsValidIP's.
 */
import { isIP } from 'node:net';
import { INVALID_IP_ERROR } from './apimachinery-wording.js';
import { isDNS1123Subdomain } from './names.js';

/** EMBEDDED_IPV4 is the dotted IPv4 address an IPv6 address may end with, its numbers as they are written. */
const EMBEDDED_IPV4 = /:(\d+)\.(\d+)\.(\d+)\.(\d+)$/;

/**
 * sloppyIPv6 rewrites the IPv4 address an IPv6 address ends with, if any,
 * without leading zeros: ParseIPSloppy reads "::ffff:010.0.0.7" as
 * "::ffff:10.0.0.7" (Go's parser before 1.17), where Node's refuses it. A
 * number over 255 stays as it is, for Node to refuse like Go.
 */
function sloppyIPv6(value: string): string {
  const match = EMBEDDED_IPV4.exec(value);
  if (!match) return value;
  const numbers = match.slice(1).map((digits) => digits.replace(/^0+(?=\d)/, ''));
  return `${value.slice(0, match.index)}:${numbers.join('.')}`;
}

/** isHostNameOrIP returns apimachinery's messages for value: empty means valid. */
export function isHostNameOrIP(value: string): string[] {
  if (!value.includes(':')) return isDNS1123Subdomain(value);
  return isIP(sloppyIPv6(value)) === 6 && !value.includes('%') ? [] : [INVALID_IP_ERROR];
}
