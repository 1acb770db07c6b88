import { expect } from 'chai';
import { X509Certificate } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/server/app.js';
import { Readiness } from '../../src/server/readiness.js';
import { createWebhookServer, useServingPair } from '../../src/server/webhook-server.js';
import { FileCertificateSource } from '../../src/tls/certificate-source.js';
import { requestFor, reviewFor, validListener } from '../fixtures/reviews.js';
import { testCertificates } from '../support/test-certificates.js';
import { defaultWebhooks } from '../support/default-webhooks.js';

/** POLL_MS keeps the test fast; production polls every 10 s. */
const POLL_MS = 50;

/** writeSecretVolume lays out files as the kubelet mounts a Secret: tls.crt -> ..data/tls.crt, ..data -> ..<timestamp>. */
async function writeSecretVolume(dir: string, version: string, files: Record<string, string>): Promise<void> {
  const target = join(dir, `..${version}`);
  await mkdir(target);
  for (const [name, content] of Object.entries(files)) await writeFile(join(target, name), content);
  await symlink(`..${version}`, join(dir, '..data_tmp'));
  await rename(join(dir, '..data_tmp'), join(dir, '..data'));
}

/** review posts one AdmissionReview on a fresh TLS connection and returns the served serial and the HTTP status. */
function review(port: number, ca: string[]): Promise<{ status: number; serial: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: '127.0.0.1', port, servername: 'localhost', ca, method: 'POST', path: '/mutate', agent: false, headers: { 'content-type': 'application/json' } },
      (res) => {
        const serial = (res.socket as import('node:tls').TLSSocket).getPeerX509Certificate()?.serialNumber ?? '';
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, serial }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(reviewFor(requestFor(validListener()))));
  });
}

describe('certificate rotation under a running server', () => {
  let dir: string;
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('serves the new serial after a Secret-style symlink swap, with no failed request', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rotation-'));
    const [first, second] = await Promise.all([testCertificates('localhost'), testCertificates('another')]);
    await writeSecretVolume(dir, 'v1', { 'tls.crt': first!.tlsCert, 'tls.key': first!.tlsKey });
    await symlink('..data/tls.crt', join(dir, 'tls.crt'));
    await symlink('..data/tls.key', join(dir, 'tls.key'));

    const source = new FileCertificateSource({ certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key'), intervalMs: POLL_MS });
    await source.start();
    const server = createWebhookServer({ webhooks: defaultWebhooks(), pair: source.current()!, app: createApp(new Readiness()) });
    source.on('reload', (pair) => useServingPair(server, pair));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const ca = [first!.caCert, second!.caCert];
    const oldSerial = new X509Certificate(first!.tlsCert).serialNumber;
    const newSerial = new X509Certificate(second!.tlsCert).serialNumber;

    const results: Array<{ status: number; serial: string }> = [];
    const failures: unknown[] = [];
    let rotated = false;
    const deadline = Date.now() + 10_000;
    // Four clients keep reviewing on fresh connections until they have seen the new serial.
    const clients = [1, 2, 3, 4].map(async () => {
      while (Date.now() < deadline && !(rotated && results.some((r) => r.serial === newSerial))) {
        try {
          results.push(await review(port, ca));
        } catch (e) {
          failures.push(e);
        }
      }
    });
    try {
      await new Promise((r) => setTimeout(r, 200));
      await writeSecretVolume(dir, 'v2', { 'tls.crt': second!.tlsCert, 'tls.key': second!.tlsKey });
      rotated = true;
      await Promise.all(clients);
    } finally {
      source.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect(failures).to.deep.equal([]);
    expect(results.every((r) => r.status === 200)).to.equal(true);
    expect(results[0]!.serial).to.equal(oldSerial);
    expect(results.some((r) => r.serial === newSerial)).to.equal(true);
    expect(results.every((r) => r.serial === oldSerial || r.serial === newSerial)).to.equal(true);
    expect(source.current()!.serialNumber).to.equal(newSerial);
  });
});
