import { expect } from 'chai';
import { isHostNameOrIP } from '../../src/validation/host-name-or-ip.js';
import { INVALID_IP_MSG, SUBDOMAIN_MSG, SUBDOMAIN_TOO_LONG_MSG } from '../fixtures/apimachinery-messages.js';

describe('isHostNameOrIP', () => {
  const cases: Array<[string, string, string[]]> = [
    ['a DNS name', 'backend.east.svc.cluster.local', []],
    ['a dotted IPv4 address, which is a subdomain too', '10.0.0.7', []],
    ['an IPv6 address', '2001:db8::ffff', []],
    ['an IPv4-mapped IPv6 address', '::ffff:10.0.0.7', []],
    ['a name with an underscore', 'back_end', [SUBDOMAIN_MSG]],
    ['a name too long', `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}`, [SUBDOMAIN_TOO_LONG_MSG]],
    ['a host and port', 'backend:8080', [INVALID_IP_MSG]],
    ['an IPv6 address with a zone, which ParseIPSloppy refuses', 'fe80::1%eth0', [INVALID_IP_MSG]],
    ['a bracketed IPv6 address', '[::1]', [INVALID_IP_MSG]],
  ];
  for (const [rule, value, messages] of cases) {
    it(`${messages.length ? 'refuses' : 'accepts'} ${rule}`, () => expect(isHostNameOrIP(value)).to.deep.equal(messages));
  }
});
