/**
 * IP addresses as a certificate holds them. An iPAddress subject alternative
 * name is the address's bytes in network order, 4 for IPv4 and 16 for IPv6
 * (RFC 5280, section 4.2.1.6), so two spellings of one address (`::` and
 * `0::0`) are the same name, and anything without a fixed byte form cannot be
 * one. node-forge parses the text itself and gets some of it wrong (a zone id
 * becomes 17 bytes, an IPv4-mapped address is refused), so we hand it bytes.
 */
import { isIP } from 'node:net';
import { CertificateError } from './errors.js';

/** ZONE_SEPARATOR starts an IPv6 zone id (`fe80::1%eth0`, RFC 4007), which node:net accepts. */
const ZONE_SEPARATOR = '%';

/** IPV6_WORDS is how many 16-bit groups an IPv6 address has. */
const IPV6_WORDS = 8;

/**
 * ipAddressProblem says why address cannot be an IP subject alternative name
 * ("is not an IP address", completing a sentence that starts with the
 * address), or returns undefined when it can.
 */
export function ipAddressProblem(address: string): string | undefined {
  if (isIP(address) === 0) return 'is not an IP address';
  const zone = address.indexOf(ZONE_SEPARATOR);
  if (zone >= 0) {
    // A zone id names an interface of one host; a certificate has no room for it.
    return `is not an IP address a certificate can hold: a zone id (${address.slice(zone)}) cannot be in a subject alternative name`;
  }
  return undefined;
}

/**
 * canonicalIpAddress is address as RFC 5952 writes it: lower case, the
 * longest run of zero groups as "::". Node's X509Certificate spells IPv6
 * names out in full (0:0:0:0:0:0:0:1); the WHATWG URL parser compresses them.
 */
export function canonicalIpAddress(address: string): string {
  if (isIP(address) !== 6) return address;
  return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}

/** ipAddressBytes returns the bytes of address's IP subject alternative name, or throws a CertificateError saying why it has none. */
export function ipAddressBytes(address: string): Buffer {
  const problem = ipAddressProblem(address);
  if (problem !== undefined) throw new CertificateError(`${JSON.stringify(address)} ${problem}`);
  return isIP(address) === 4 ? ipv4Bytes(address) : ipv6Bytes(address);
}

function ipv4Bytes(address: string): Buffer {
  return Buffer.from(address.split('.').map(Number));
}

/**
 * ipv6Bytes expands address, which isIP has already accepted: at most one
 * `::`, hex groups, and perhaps a dotted IPv4 tail (`::ffff:10.0.0.1`) that
 * fills the last two groups.
 */
function ipv6Bytes(address: string): Buffer {
  const [head, tail] = address.split('::') as [string, string | undefined];
  const headWords = words(head);
  const tailWords = tail === undefined ? [] : words(tail);
  const zeros = IPV6_WORDS - headWords.length - tailWords.length;
  const all = [...headWords, ...Array<number>(zeros).fill(0), ...tailWords];
  const bytes = Buffer.alloc(IPV6_WORDS * 2);
  all.forEach((word, i) => bytes.writeUInt16BE(word, i * 2));
  return bytes;
}

/** words turns colon-separated groups into 16-bit words, a dotted IPv4 group into two. */
function words(groups: string): number[] {
  return groups
    .split(':')
    .filter((group) => group !== '')
    .flatMap((group) => {
      if (!group.includes('.')) return [parseInt(group, 16)];
      const [a, b, c, d] = ipv4Bytes(group);
      return [(a! << 8) | b!, (c! << 8) | d!];
    });
}
