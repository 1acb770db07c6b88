import { expect } from 'chai';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  certificatePaths,
  ensureDevCertificates,
  existingCertificateFiles,
  writeCertificateFiles,
} from '../../src/tls/certificate-files.js';
import { CertificateError } from '../../src/tls/errors.js';
import type { GeneratedCertificates } from '../../src/tls/generate.js';

/** mode returns a file's permission bits. */
async function mode(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (e: unknown) => e,
  );
}

describe('certificate-files', () => {
  let root: string;
  // Writing files does not look inside them, so stand-in text will do for these.
  const first: GeneratedCertificates = { caCert: 'ca cert 1\n', caKey: 'ca key 1\n', tlsCert: 'tls cert 1\n', tlsKey: 'tls key 1\n' };
  const second: GeneratedCertificates = { caCert: 'ca cert 2\n', caKey: 'ca key 2\n', tlsCert: 'tls cert 2\n', tlsKey: 'tls key 2\n' };

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'certificate-files-test-'));
  });

  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  describe('writeCertificateFiles', () => {
    it('writes the four files, keys readable by the owner only', async () => {
      const dir = join(root, 'fresh', 'nested');
      const paths = await writeCertificateFiles(dir, first);
      expect(paths).to.deep.equal(certificatePaths(dir));
      expect(await readFile(paths.caCert, 'utf8')).to.equal(first.caCert);
      expect(await readFile(paths.caKey, 'utf8')).to.equal(first.caKey);
      expect(await readFile(paths.tlsCert, 'utf8')).to.equal(first.tlsCert);
      expect(await readFile(paths.tlsKey, 'utf8')).to.equal(first.tlsKey);
      expect(await mode(paths.caKey)).to.equal(0o600);
      expect(await mode(paths.tlsKey)).to.equal(0o600);
      expect(await mode(paths.tlsCert)).to.equal(0o644);
      expect(await readdir(dir)).to.have.members(['ca.crt', 'ca.key', 'tls.crt', 'tls.key'], 'no temporary files left');
    });

    context('when the umask is stricter or looser than the modes', () => {
      for (const umask of [0o077, 0o000]) {
        it(`sets certificates to 0644, keys to 0600 and a new directory to 0700 (umask ${umask.toString(8).padStart(3, '0')})`, async () => {
          const dir = join(root, `umask-${umask.toString(8)}`);
          const previous = process.umask(umask);
          try {
            await writeCertificateFiles(dir, first);
          } finally {
            process.umask(previous);
          }
          const modes = await Promise.all(['ca.crt', 'ca.key', 'tls.crt', 'tls.key'].map((name) => mode(join(dir, name))));
          expect(modes).to.deep.equal([0o644, 0o600, 0o644, 0o600]);
          expect(await mode(dir)).to.equal(0o700);
        });
      }
    });

    context('when a file already exists', () => {
      it('refuses without force and changes nothing', async () => {
        const dir = join(root, 'existing');
        await writeCertificateFiles(dir, first);
        const error = await rejection(writeCertificateFiles(dir, second));
        expect(error).to.be.instanceOf(CertificateError);
        expect((error as Error).message).to.match(/ca\.crt, .*tls\.key already exist$/);
        expect(await readFile(join(dir, 'tls.crt'), 'utf8')).to.equal(first.tlsCert);
      });

      it('refuses even when only one of the four exists', async () => {
        const dir = join(root, 'one-existing');
        await writeCertificateFiles(dir, first);
        await Promise.all(['ca.crt', 'ca.key', 'tls.crt'].map((name) => rm(join(dir, name))));
        const error = await rejection(writeCertificateFiles(dir, second));
        expect((error as Error).message).to.equal(`${join(dir, 'tls.key')} already exists`);
        expect(await readFile(join(dir, 'tls.key'), 'utf8')).to.equal(first.tlsKey);
      });

      it('replaces every file with force, keeping key modes', async () => {
        const dir = join(root, 'forced');
        await writeCertificateFiles(dir, first);
        await writeCertificateFiles(dir, second, { force: true });
        expect(await readFile(join(dir, 'tls.crt'), 'utf8')).to.equal(second.tlsCert);
        expect(await readFile(join(dir, 'ca.key'), 'utf8')).to.equal(second.caKey);
        expect(await mode(join(dir, 'tls.key'))).to.equal(0o600);
        expect(await readdir(dir)).to.have.length(4);
      });
    });
  });

  describe('existingCertificateFiles', () => {
    it('lists only the files that are there', async () => {
      const dir = join(root, 'partial');
      await writeCertificateFiles(dir, first);
      await rm(join(dir, 'ca.key'));
      expect(await existingCertificateFiles(dir)).to.deep.equal([join(dir, 'ca.crt'), join(dir, 'tls.crt'), join(dir, 'tls.key')]);
      expect(await existingCertificateFiles(join(root, 'missing'))).to.deep.equal([]);
    });
  });

  describe('ensureDevCertificates', () => {
    context('when the directory has no serving pair', () => {
      it('generates a CA and a localhost certificate', async () => {
        const dir = join(root, 'dev');
        const result = await ensureDevCertificates(dir);
        expect(result).to.deep.equal({
          certFile: join(dir, 'tls.crt'),
          keyFile: join(dir, 'tls.key'),
          caFile: join(dir, 'ca.crt'),
          generated: true,
        });
        const leaf = new X509Certificate(await readFile(result.certFile));
        expect(leaf.subjectAltName).to.equal('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
        expect(leaf.verify(new X509Certificate(await readFile(result.caFile!)).publicKey)).to.equal(true);
        expect(await mode(result.keyFile)).to.equal(0o600);
      });
    });

    context('when the directory has a serving pair', () => {
      it('leaves it alone', async () => {
        const dir = join(root, 'dev-existing');
        await writeCertificateFiles(dir, first);
        await rm(join(dir, 'ca.crt'));
        const result = await ensureDevCertificates(dir);
        expect(result).to.deep.equal({ certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key'), caFile: undefined, generated: false });
        expect(await readFile(result.certFile, 'utf8')).to.equal(first.tlsCert);
      });
    });

    context('when the directory has half a pair', () => {
      it('refuses rather than overwrite it', async () => {
        const dir = join(root, 'dev-half');
        await writeCertificateFiles(dir, first);
        await rm(join(dir, 'tls.key'));
        const error = await rejection(ensureDevCertificates(dir));
        expect(error).to.be.instanceOf(CertificateError);
        expect((error as Error).message).to.equal(
          `${join(dir, 'tls.key')} is missing but ${join(dir, 'tls.crt')} exists; supply both or remove ${join(dir, 'tls.crt')}`,
        );
        expect(await readFile(join(dir, 'tls.crt'), 'utf8')).to.equal(first.tlsCert);
      });
    });

    context('when the directory has a CA but no serving pair', () => {
      it('refuses rather than replace the CA', async () => {
        const dir = join(root, 'dev-stray-ca');
        await writeCertificateFiles(dir, first);
        await Promise.all([rm(join(dir, 'tls.crt')), rm(join(dir, 'tls.key'))]);
        await writeFile(join(dir, 'ca.crt'), first.caCert);
        const error = await rejection(ensureDevCertificates(dir));
        expect((error as Error).message).to.match(/ca\.crt and .*ca\.key exist without tls\.crt and tls\.key/);
        expect(await readFile(join(dir, 'ca.key'), 'utf8')).to.equal(first.caKey);
      });
    });
  });
});
