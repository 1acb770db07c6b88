import { expect } from 'chai';
import { CertificateError } from '../../src/tls/errors.js';
import { canonicalIpAddress, ipAddressBytes, ipAddressProblem } from '../../src/tls/ip-address.js';

describe('ipAddressBytes', () => {
  const cases: Array<[string, string, string]> = [
    ['IPv4 is 4 bytes', '10.0.0.1', '0a000001'],
    ['IPv6 is 16 bytes', '2001:db8::1', '20010db8000000000000000000000001'],
    ['all zeros', '::', '00000000000000000000000000000000'],
    ['all zeros, spelled out', '0::0', '00000000000000000000000000000000'],
    ['a trailing ::', 'fe80::', 'fe800000000000000000000000000000'],
    ['no ::', '1:2:3:4:5:6:7:8', '00010002000300040005000600070008'],
    ['upper-case hex', 'FE80::ABCD', 'fe80000000000000000000000000abcd'],
    ['IPv4-mapped IPv6 stays 16 bytes', '::ffff:10.0.0.1', '00000000000000000000ffff0a000001'],
    ['an IPv4 tail after groups', '1::2:3.4.5.6', '00010000000000000000000203040506'],
  ];
  for (const [rule, address, hex] of cases) {
    it(`encodes it: ${rule}`, () => {
      expect(ipAddressBytes(address).toString('hex')).to.equal(hex);
    });
  }

  context('when the address has no place in a certificate', () => {
    const refused: Array<[string, string, string]> = [
      ['not an address', '10.0.0', '"10.0.0" is not an IP address'],
      ['an IPv4 octet out of range', '999.1.1.1', '"999.1.1.1" is not an IP address'],
      ['a host name', 'localhost', '"localhost" is not an IP address'],
      [
        'an IPv6 zone id',
        'fe80::1%eth0',
        '"fe80::1%eth0" is not an IP address a certificate can hold: a zone id (%eth0) cannot be in a subject alternative name',
      ],
    ];
    for (const [rule, address, message] of refused) {
      it(`throws a CertificateError: ${rule}`, () => {
        expect(() => ipAddressBytes(address)).to.throw(CertificateError, message);
        expect(`"${address}" ${ipAddressProblem(address)}`).to.equal(message);
      });
    }
  });
});

describe('ipAddressProblem', () => {
  it('has nothing to say about an address a certificate can hold', () => {
    expect(['127.0.0.1', '::1', '::ffff:10.0.0.1'].map(ipAddressProblem)).to.deep.equal([undefined, undefined, undefined]);
  });
});

describe('canonicalIpAddress', () => {
  const cases: Array<[string, string]> = [
    ['0:0:0:0:0:0:0:1', '::1'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['10.0.0.1', '10.0.0.1'],
  ];
  for (const [address, canonical] of cases) {
    it(`writes ${address} as ${canonical}`, () => {
      expect(canonicalIpAddress(address)).to.equal(canonical);
    });
  }
});
