import { expect } from 'chai';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../../../src/commands/cli-error.js';
import { errorMessage } from '../../../src/core/error-message.js';
import { ExitCode } from '../../../src/commands/exit-codes.js';
import { certificateReadinessCheck, DEV_CERTIFICATE_DIR, resolveCertificateFiles } from '../../../src/commands/serve/serve-runtime.js';
import type { CertificatePair } from '../../../src/tls/certificate-source.js';

async function rejection(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).to.be.instanceOf(CliError);
  return error as CliError;
}

describe('resolveCertificateFiles', () => {
  let cwd: string;

  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'serve-runtime-test-'));
  });

  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('uses both flags as given', async () => {
    expect(await resolveCertificateFiles({ tlsCert: 'a.crt', tlsKey: 'a.key' }, cwd)).to.deep.equal({ certFile: 'a.crt', keyFile: 'a.key', generated: false });
  });

  context('when only one of the two flags is given', () => {
    for (const [config, message] of [
      [{ tlsCert: 'a.crt' }, '--tls-cert needs --tls-key: pass both, or neither to use development certificates in ./certs'],
      [{ tlsKey: 'a.key' }, '--tls-key needs --tls-cert: pass both, or neither to use development certificates in ./certs'],
    ] as const) {
      it(`is a usage error: ${message.slice(0, 24)}`, async () => {
        const error = await rejection(resolveCertificateFiles(config, cwd));
        expect(error.exitCode).to.equal(ExitCode.USAGE);
        expect(errorMessage(error)).to.equal(message);
      });
    }
  });

  context('when neither flag is given', () => {
    it(`makes development certificates in ./${DEV_CERTIFICATE_DIR} once, then reuses them`, async () => {
      const dir = join(cwd, DEV_CERTIFICATE_DIR);
      const expected = { certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key'), caFile: join(dir, 'ca.crt') };
      expect(await resolveCertificateFiles({}, cwd)).to.deep.equal({ ...expected, generated: true });
      expect(await resolveCertificateFiles({}, cwd)).to.deep.equal({ ...expected, generated: false });
    });

    it('is a usage error when the directory holds half a pair', async () => {
      await mkdir(join(cwd, DEV_CERTIFICATE_DIR));
      await writeFile(join(cwd, DEV_CERTIFICATE_DIR, 'tls.crt'), 'x');
      const error = await rejection(resolveCertificateFiles({}, cwd));
      expect(error.exitCode).to.equal(ExitCode.USAGE);
      expect(errorMessage(error)).to.match(/^development certificates: .*tls\.key is missing but .*tls\.crt exists/);
    });
  });
});

describe('certificateReadinessCheck', () => {
  const notAfter = new Date('2030-01-01T00:00:00Z');
  const pair = { notAfter } as CertificatePair;
  const cases: Array<[string, CertificatePair | undefined, string, string | undefined]> = [
    ['fails before a certificate is loaded', undefined, '2029-01-01T00:00:00Z', 'no serving certificate loaded'],
    ['passes while the certificate is valid', pair, '2029-12-31T23:59:59Z', undefined],
    ['fails once the certificate has expired', pair, '2030-01-01T00:00:00Z', 'the serving certificate expired at 2030-01-01T00:00:00.000Z'],
  ];
  for (const [rule, current, now, reason] of cases) {
    it(rule, () => {
      expect(certificateReadinessCheck({ current: () => current }, () => new Date(now))()).to.equal(reason);
    });
  }
});
