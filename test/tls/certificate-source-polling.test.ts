/**
 * Polling for a rotated pair: FileCertificateSource picks up a new pair,
 * including a Secret volume's symlink swap, skips unchanged bytes, keeps
 * serving the old pair when the new one is rejected and counts the
 * failures, and stops polling when told (and never holds the process
 * open). Loading the first pair is in certificate-source-loading.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { errorMessage } from '../../src/core/error-message.js';
import {
  DEFAULT_RELOAD_INTERVAL_MS,
  FileCertificateSource,
  type FileCertificateSourceEvents,
} from '../../src/tls/certificate-source.js';
import { CertificateError } from '../../src/tls/errors.js';
import type { GeneratedCertificates } from '../../src/tls/generate.js';
import { CertificateDirs, INTERVAL_MS, pairs, serial } from './certificate-source-support.js';
import { NOT_YET_VALID_FROM } from '../support/test-certificates.js';

/** WAIT_MS bounds every wait for an event: many polls, far below mocha's timeout. */
const WAIT_MS = 3000;

/** replace writes content to path atomically, as a careful writer would. */
async function replace(path: string, content: string | Buffer): Promise<void> {
  await writeFile(`${path}.tmp`, content);
  await rename(`${path}.tmp`, path);
}

/** next waits for the source's next event of that name (other events on the way, such as a rejection mid-rotation, are fine). */
function next<E extends keyof FileCertificateSourceEvents>(source: FileCertificateSource, event: E): Promise<FileCertificateSourceEvents[E][0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${WAIT_MS} ms`)), WAIT_MS);
    source.once(event, ((value: FileCertificateSourceEvents[E][0]) => {
      clearTimeout(timer);
      resolve(value);
    }) as never);
  });
}

/**
 * rejection waits for source to reject a pair with an error matching
 * message. A pair rewritten file by file can be polled between the two
 * writes and first rejected as a certificate with the wrong key, as in any
 * rotation that is not atomic; such errors are passed over, any other fails.
 */
function rejection(source: FileCertificateSource, message: RegExp): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      source.off('error', onError);
      reject(new Error(`no error matching ${message} within ${WAIT_MS} ms`));
    }, WAIT_MS);
    const onError = (error: unknown) => {
      const text = errorMessage(error);
      if (!message.test(text) && / is not the private key of the certificate in /.test(text)) return;
      clearTimeout(timer);
      source.off('error', onError);
      resolve(error);
    };
    source.on('error', onError);
  });
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

describe('FileCertificateSource', () => {
  let root: string;
  let a: GeneratedCertificates;
  let b: GeneratedCertificates;
  let expired: GeneratedCertificates;
  let future: GeneratedCertificates;
  const dirs = new CertificateDirs();
  const { watch, pairDir } = dirs;

  before(async () => {
    await dirs.create();
    root = dirs.root;
    [a, b, expired, future] = (await pairs()) as [GeneratedCertificates, GeneratedCertificates, GeneratedCertificates, GeneratedCertificates];
  });

  after(async () => dirs.remove());

  it(`polls every ${DEFAULT_RELOAD_INTERVAL_MS} ms unless told otherwise`, () => {
    expect(new FileCertificateSource({ certFile: 'c', keyFile: 'k' }).intervalMs).to.equal(DEFAULT_RELOAD_INTERVAL_MS);
  });

  describe('polling', () => {
    it('picks up a rotated pair', async () => {
      const dir = await pairDir(a);
      const source = watch(dir);
      await source.start();
      const reloaded = next(source, 'reload');
      await replace(join(dir, 'tls.key'), b.tlsKey);
      await replace(join(dir, 'tls.crt'), b.tlsCert);
      expect((await reloaded).serialNumber).to.equal(serial(b.tlsCert));
      expect(source.current()!.serialNumber).to.equal(serial(b.tlsCert));
    });

    it('ignores files rewritten with the same bytes', async () => {
      const dir = await pairDir(a);
      const source = watch(dir);
      await source.start();
      const first = source.current();
      let events = 0;
      source.on('reload', () => events++).on('error', () => events++);
      await replace(join(dir, 'tls.crt'), a.tlsCert);
      await sleep(INTERVAL_MS * 4);
      expect(events).to.equal(0);
      expect(source.current()).to.equal(first);
    });

    it("picks up a Secret volume update (the kubelet's ..data symlink swap)", async () => {
      // The layout AtomicWriter leaves: tls.crt -> ..data/tls.crt, ..data -> ..<timestamp>/.
      const dir = join(root, 'secret-volume');
      const version = async (name: string, certs: GeneratedCertificates) => {
        await mkdir(join(dir, name), { recursive: true });
        await writeFile(join(dir, name, 'tls.crt'), certs.tlsCert);
        await writeFile(join(dir, name, 'tls.key'), certs.tlsKey);
      };
      await version('..2026_01_01_00_00_00.1', a);
      await symlink('..2026_01_01_00_00_00.1', join(dir, '..data'));
      await symlink(join('..data', 'tls.crt'), join(dir, 'tls.crt'));
      await symlink(join('..data', 'tls.key'), join(dir, 'tls.key'));
      const source = watch(dir);
      await source.start();
      expect(source.current()!.serialNumber).to.equal(serial(a.tlsCert));

      const reloaded = next(source, 'reload');
      await version('..2026_01_02_00_00_00.2', b);
      await symlink('..2026_01_02_00_00_00.2', join(dir, '..data_tmp'));
      await rename(join(dir, '..data_tmp'), join(dir, '..data'));
      await rm(join(dir, '..2026_01_01_00_00_00.1'), { recursive: true });
      expect((await reloaded).serialNumber).to.equal(serial(b.tlsCert));
    });

    context('when the new pair is rejected', () => {
      const cases: Array<[string, (dir: string) => Promise<void>, RegExp]> = [
        ['a certificate with the wrong key', (dir) => replace(join(dir, 'tls.crt'), b.tlsCert), /tls\.key is not the private key of the certificate in .*tls\.crt$/],
        ['a truncated certificate', (dir) => replace(join(dir, 'tls.crt'), a.tlsCert.slice(0, a.tlsCert.length / 2)), /^parsing .*tls\.crt: /],
        ['a truncated key', (dir) => replace(join(dir, 'tls.key'), a.tlsKey.slice(0, 200)), /^parsing .*tls\.key: /],
        ['an expired pair', async (dir) => {
          await replace(join(dir, 'tls.key'), expired.tlsKey);
          await replace(join(dir, 'tls.crt'), expired.tlsCert);
        }, /the certificate in .*tls\.crt expired at /],
        ['a pair not valid yet', async (dir) => {
          await replace(join(dir, 'tls.key'), future.tlsKey);
          await replace(join(dir, 'tls.crt'), future.tlsCert);
        }, /the certificate in .*tls\.crt is not valid until 2098-/],
        ['a deleted file', (dir) => rm(join(dir, 'tls.key')), /^reading .*tls\.key: ENOENT/],
      ];
      for (const [name, breakIt, message] of cases) {
        it(`keeps serving the old pair after ${name}`, async () => {
          const dir = await pairDir(a);
          const source = watch(dir);
          await source.start();
          const old = source.current();
          const rejected = rejection(source, message);
          await breakIt(dir);
          const error = await rejected;
          expect(error).to.be.instanceOf(CertificateError);
          expect(errorMessage(error)).to.match(message);
          expect(source.current()).to.equal(old);
          expect(source.consecutiveFailures).to.be.at.least(1);
        });
      }

      it('reports a rejection once however many polls find it, counts every poll, and resets on a good pair', async () => {
        const dir = await pairDir(a);
        const source = watch(dir);
        await source.start();
        const errors: string[] = [];
        source.on('error', (error) => errors.push(errorMessage(error)));
        await replace(join(dir, 'tls.crt'), b.tlsCert);
        await next(source, 'error');
        while (source.consecutiveFailures < 4) await sleep(INTERVAL_MS);
        expect(errors, 'the same bytes failing the same way are one rejection').to.have.length(1);

        await replace(join(dir, 'tls.crt'), a.tlsCert.slice(0, a.tlsCert.length / 2));
        await next(source, 'error');
        expect(errors, 'other bytes are a new rejection').to.have.length(2);

        const reloaded = next(source, 'reload');
        await replace(join(dir, 'tls.key'), b.tlsKey);
        await replace(join(dir, 'tls.crt'), b.tlsCert);
        expect((await reloaded).serialNumber).to.equal(serial(b.tlsCert));
        expect(source.consecutiveFailures).to.equal(0);
      });

      it('reports the same rejection again after a good pair came between', async () => {
        const dir = await pairDir(a);
        const source = watch(dir);
        await source.start();
        let errors = 0;
        source.on('error', () => errors++);
        await replace(join(dir, 'tls.crt'), b.tlsCert);
        await next(source, 'error');
        await replace(join(dir, 'tls.crt'), a.tlsCert);
        while (source.consecutiveFailures > 0) await sleep(INTERVAL_MS);
        await replace(join(dir, 'tls.crt'), b.tlsCert);
        await next(source, 'error');
        expect(errors).to.equal(2);
      });

      it('takes a pair that was not valid yet at the first poll after it becomes valid', async () => {
        const dir = await pairDir(a);
        let clock = new Date();
        const source = watch(dir, INTERVAL_MS, () => clock);
        await source.start();
        // A poll between the two writes may first see the old certificate with the new key.
        const rejected = rejection(source, /is not valid until 2098-/);
        await replace(join(dir, 'tls.key'), future.tlsKey);
        await replace(join(dir, 'tls.crt'), future.tlsCert);
        expect(errorMessage(await rejected)).to.match(/is not valid until 2098-/);
        expect(source.current()!.serialNumber).to.equal(serial(a.tlsCert));
        const reloaded = next(source, 'reload');
        clock = NOT_YET_VALID_FROM;
        expect((await reloaded).serialNumber).to.equal(serial(future.tlsCert));
      });

      it('does not throw when nobody listens for errors', async () => {
        const dir = await pairDir(a);
        const source = watch(dir);
        await source.start();
        await replace(join(dir, 'tls.crt'), b.tlsCert);
        while (source.consecutiveFailures < 2) await sleep(INTERVAL_MS);
        expect(source.current()!.serialNumber).to.equal(serial(a.tlsCert));
      });
    });
  });

  describe('stop', () => {
    it('stops polling', async () => {
      const dir = await pairDir(a);
      const source = watch(dir);
      await source.start();
      source.stop();
      let reloads = 0;
      source.on('reload', () => reloads++);
      await replace(join(dir, 'tls.key'), b.tlsKey);
      await replace(join(dir, 'tls.crt'), b.tlsCert);
      await sleep(INTERVAL_MS * 4);
      expect(reloads).to.equal(0);
      expect(source.current()!.serialNumber).to.equal(serial(a.tlsCert));
    });

    it('is not needed for the process to exit: the poll timer is unref()ed', async () => {
      const dir = await pairDir(a);
      const script = join(root, 'exits.mts');
      const module = fileURLToPath(new URL('../../src/tls/certificate-source.ts', import.meta.url));
      await writeFile(
        script,
        `import { FileCertificateSource } from ${JSON.stringify(module)};
         const source = new FileCertificateSource({ certFile: ${JSON.stringify(join(dir, 'tls.crt'))}, keyFile: ${JSON.stringify(join(dir, 'tls.key'))}, intervalMs: 10 });
         await source.start();
         console.log(source.current().serialNumber);`,
      );
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { timeout: WAIT_MS * 3 });
      expect(stdout.trim()).to.equal(serial(a.tlsCert));
    });
  });
});
