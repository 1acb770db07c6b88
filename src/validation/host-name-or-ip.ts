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

/** isHostNameOrIP returns apimachinery's messages for value: empty means valid. */
export function isHostNameOrIP(value: string): string[] {
  if (!value.includes(':')) return isDNS1123Subdomain(value);
  return isIP(value) === 6 && !value.includes('%') ? [] : [INVALID_IP_ERROR];
}
