/**
 * isHostNameOrIP checks a host a program connects to by name or by address:
 * a DNS-1123 subdomain, or an IPv6 address as Node's parser reads one, with
 * no zone. A dotted IPv4 address is a valid subdomain already, so only a
 * value with a colon is read as an address; its message is IsValidIP's.
 * Like 1.33 and later, it refuses leading zeros in an embedded IPv4 address
 * (ParseIPSloppy, which IsValidIP used before, took them); unlike them, it
 * admits IPv4-mapped and non-canonical IPv6 addresses.
 */
import { isIP } from 'node:net';
import { INVALID_IP_ERROR } from './apimachinery-wording.js';
import { isDNS1123Subdomain } from './names.js';

/** isHostNameOrIP returns apimachinery's messages for value: empty means valid. */
export function isHostNameOrIP(value: string): string[] {
  if (!value.includes(':')) return isDNS1123Subdomain(value);
  return isIP(value) === 6 && !value.includes('%') ? [] : [INVALID_IP_ERROR];
}
