import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { type CliRun, runCli, runCliInProcess } from '../support/run-cli.js';

const DAY_MS = 24 * 60 * 60 * 1000;

type Run = CliRun;

/** run runs the command line in this process and collects its output, whatever the exit code. */
function run(args: string[]): Promise<Run> {
  return runCliInProcess(args);
}

async function certificate(path: string): Promise<forge.pki.Certificate> {
  return forge.pki.certificateFromPem(await readFile(path, 'utf8'));
}

function altNames(cert: forge.pki.Certificate): string[] {
  const extension = cert.getExtension('subjectAltName') as { altNames: Array<{ type: number; value: string; ip?: string }> };
  return extension.altNames.map((n) => (n.type === 7 ? `IP:${n.ip}` : `DNS:${n.value}`));
}

describe('skupper-webhook certs', () => {
  let root: string;
  let out: string;
  let first: Run;
  /** startedAt is read when the before hook runs, which in a full suite is long after this file loads. */
  let startedAt: number;

  before(async () => {
    startedAt = Date.now();
    root = await mkdtemp(join(tmpdir(), 'certs-command-test-'));
    out = join(root, 'certs');
    first = await run(['certs', '--out', out, '--service', 'hook', '--namespace', 'ns']);
  });

  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('succeeds, prints only the caBundle line on stdout, and names the files it wrote on stderr', async () => {
    expect(first.code, first.stderr).to.equal(0);
    const match = /^caBundle: ([A-Za-z0-9+/=]+)\n$/.exec(first.stdout);
    expect(match, first.stdout).not.to.equal(null);
    expect(Buffer.from(match![1]!, 'base64').toString()).to.equal(await readFile(join(out, 'ca.crt'), 'utf8'));
    expect(first.stderr).to.equal(`wrote ${['ca.crt', 'ca.key', 'tls.crt', 'tls.key'].map((name) => join(out, name)).join(', ')}\n`);
  });

  it('writes a real CA', async () => {
    const ca = await certificate(join(out, 'ca.crt'));
    expect(ca.getExtension('basicConstraints')).to.include({ cA: true });
    expect(ca.getExtension('keyUsage')).to.include({ keyCertSign: true });
  });

  it('writes a serving certificate for the Service names only', async () => {
    const [ca, leaf] = await Promise.all([certificate(join(out, 'ca.crt')), certificate(join(out, 'tls.crt'))]);
    expect(altNames(leaf)).to.deep.equal(['DNS:hook', 'DNS:hook.ns', 'DNS:hook.ns.svc', 'DNS:hook.ns.svc.cluster.local']);
    expect(leaf.getExtension('extKeyUsage')).to.include({ serverAuth: true });
    expect(leaf.getExtension('keyUsage')).to.include({ digitalSignature: true, keyEncipherment: true });
    expect(leaf.serialNumber).not.to.match(/^0*1$/);
    expect(leaf.validity.notBefore.getTime()).to.be.at.most(startedAt - 60_000);
    expect(leaf.validity.notAfter.getTime()).to.be.at.most(ca.validity.notAfter.getTime());
    expect(leaf.validity.notAfter.getTime() - startedAt).to.be.closeTo(365 * DAY_MS, 5 * 60_000);
  });

  it('makes the keys readable by the owner only', async () => {
    expect((await stat(join(out, 'ca.key'))).mode & 0o777).to.equal(0o600);
    expect((await stat(join(out, 'tls.key'))).mode & 0o777).to.equal(0o600);
  });

  context('when the executable runs under umask 077', () => {
    it('exits 0 and still makes the certificates readable by all, as documented', async () => {
      const dir = join(root, 'umask');
      // The child inherits the umask; spawning happens before runCli's first await.
      const previous = process.umask(0o077);
      let pending: Promise<Run>;
      try {
        pending = runCli(['certs', '--out', dir]);
      } finally {
        process.umask(previous);
      }
      const result = await pending;
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.match(/^caBundle: \S+\n$/);
      const modes = await Promise.all(['ca.crt', 'ca.key', 'tls.crt', 'tls.key'].map(async (name) => (await stat(join(dir, name))).mode & 0o777));
      expect(modes).to.deep.equal([0o644, 0o600, 0o644, 0o600]);
    });
  });

  it('passes openssl verify -CAfile ca.crt tls.crt', async () => {
    const { stdout } = await promisify(execFile)('openssl', ['verify', '-CAfile', join(out, 'ca.crt'), join(out, 'tls.crt')]);
    expect(stdout.trim()).to.equal(`${join(out, 'tls.crt')}: OK`);
  });

  describe('a TLS server using tls.crt and tls.key', () => {
    let server: tls.Server;

    before(async () => {
      const [cert, key] = await Promise.all([readFile(join(out, 'tls.crt')), readFile(join(out, 'tls.key'))]);
      server = tls.createServer({ cert, key }, (socket) => socket.end('ok'));
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
    });

    after(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('accepts a client that trusts only ca.crt and asks for NAME.NS.svc', async () => {
      const ca = await readFile(join(out, 'ca.crt'));
      const socket = tls.connect({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, servername: 'hook.ns.svc', ca });
      try {
        await once(socket, 'secureConnect');
        expect(socket.authorized).to.equal(true);
      } finally {
        socket.destroy();
      }
    });
  });

  context('when the files already exist', () => {
    it('refuses without --force, in one line, and leaves them alone', async () => {
      const before = await readFile(join(out, 'tls.crt'), 'utf8');
      const again = await run(['certs', '--out', out, '--service', 'hook', '--namespace', 'ns']);
      expect(again.code).to.equal(2);
      expect(again.stdout).to.equal('');
      const files = ['ca.crt', 'ca.key', 'tls.crt', 'tls.key'].map((name) => join(out, name)).join(', ');
      expect(again.stderr).to.equal(`skupper-webhook: error: ${files} already exist; pass --force to replace\n`);
      expect(await readFile(join(out, 'tls.crt'), 'utf8')).to.equal(before);
    });

    it('replaces them with --force, adding the names asked for', async () => {
      const before = await certificate(join(out, 'tls.crt'));
      const forced = await run([
        'certs', '--out', out, '--service', 'hook', '--namespace', 'ns', '--force',
        '--days', '30', '--localhost', '--dns', 'hook.example.com', '--ip', '10.0.0.1',
      ]);
      expect(forced.code, forced.stderr).to.equal(0);
      const leaf = await certificate(join(out, 'tls.crt'));
      expect(leaf.serialNumber).not.to.equal(before.serialNumber);
      expect(altNames(leaf)).to.deep.equal([
        'DNS:hook', 'DNS:hook.ns', 'DNS:hook.ns.svc', 'DNS:hook.ns.svc.cluster.local',
        'DNS:hook.example.com', 'DNS:localhost', 'IP:10.0.0.1', 'IP:127.0.0.1',
      ]);
      expect(leaf.validity.notAfter.getTime() - Date.now()).to.be.closeTo(30 * DAY_MS, 5 * 60_000);
      expect((await stat(join(out, 'tls.key'))).mode & 0o777).to.equal(0o600);
      expect(forced.stdout).to.match(/^caBundle: \S+\n$/);
    });
  });

  context('when --ip spells one address twice, or maps IPv4 into IPv6', () => {
    it('writes each address once, the mapped one as 16 bytes', async () => {
      const dir = join(root, 'addresses');
      const result = await run(['certs', '--out', dir, '--ip', '::ffff:10.0.0.1', '--ip', '::', '--ip', '0::0']);
      expect(result.code, result.stderr).to.equal(0);
      const { stdout } = await promisify(execFile)('openssl', ['x509', '-in', join(dir, 'tls.crt'), '-noout', '-ext', 'subjectAltName']);
      expect(stdout).to.include(
        'DNS:skupper-webhook.skupper-webhook.svc.cluster.local, IP Address:0:0:0:0:0:FFFF:A00:1, IP Address:0:0:0:0:0:0:0:0\n',
      );
    });
  });

  context('when --out is not a directory', () => {
    const cases: Array<[string, string, string]> = [
      ['a regular file', 'a-file', 'is not a directory'],
      ['a path under a regular file', join('a-file', 'certs'), 'is not a directory: part of its path is a file'],
      ['a symbolic link to nothing', 'dangling', 'is a symbolic link to a path that does not exist'],
    ];
    for (const [rule, relative, message] of cases) {
      it(`exits 2 in one line, before generating anything: ${rule}`, async () => {
        await writeFile(join(root, 'a-file'), 'not a directory\n');
        await symlink(join(root, 'nothing-here'), join(root, 'dangling')).catch((e: NodeJS.ErrnoException) => {
          if (e.code !== 'EEXIST') throw e; // made by an earlier case
        });
        const dir = join(root, relative);
        const [plain, forced] = await Promise.all([run(['certs', '--out', dir]), run(['certs', '--out', dir, '--force'])]);
        for (const result of [plain, forced]) {
          expect(result.code).to.equal(2);
          expect(result.stdout).to.equal('');
          expect(result.stderr).to.equal(`skupper-webhook: error: --out ${dir} ${message}\n`);
        }
        expect(await readFile(join(root, 'a-file'), 'utf8')).to.equal('not a directory\n');
      });
    }
  });

  context('when a flag is invalid', () => {
    const cases: Array<[string, string[], RegExp]> = [
      ['--days must be a positive whole number', ['--days', '0'], /option '--days <n>' argument '0' is invalid/],
      ['--days may not outlive the CA', ['--days', '3651'], /expected a whole number of days from 1 to 3650/],
      ['--service must be a DNS-1035 label', ['--service', '1hook'], /--service "1hook": a DNS-1035 label/],
      ['--namespace must be a DNS-1123 label', ['--namespace', 'a.b'], /--namespace "a.b": must not contain dots/],
      ['--dns must be a DNS name', ['--dns', 'under_score'], /--dns "under_score": a lowercase RFC 1123 subdomain/],
      ['--dns may not be an IPv4 address', ['--dns', '127.0.0.1'], /^skupper-webhook: error: --dns "127.0.0.1" is an IP address, not a DNS name; pass it with --ip\n$/],
      ['--dns may not be an IPv6 address', ['--dns', '::1'], /--dns "::1" is an IP address, not a DNS name; pass it with --ip\n$/],
      ['--ip must be an IP address', ['--ip', '10.0.0'], /--ip "10.0.0" is not an IP address/],
      [
        '--ip may not carry an IPv6 zone id',
        ['--ip', 'fe80::1%eth0'],
        /^skupper-webhook: error: --ip "fe80::1%eth0" is not an IP address a certificate can hold: a zone id \(%eth0\) cannot be in a subject alternative name\n$/,
      ],
    ];
    const results = new Map<string, Run>();

    before(async () => {
      await Promise.all(cases.map(async ([rule, flags]) => results.set(rule, await run(['certs', '--out', join(root, 'bad'), ...flags]))));
    });

    it('exits 2 from the executable too, with one line and no stack trace', async () => {
      const result = await runCli(['certs', '--out', join(root, 'bad'), '--days', '0']);
      expect(result).to.deep.equal({
        code: 2,
        stdout: '',
        stderr: "error: option '--days <n>' argument '0' is invalid. expected a whole number of days from 1 to 3650\n",
      });
    });

    for (const [rule, , message] of cases) {
      it(`exits 2 without writing: ${rule}`, async () => {
        const result = results.get(rule)!;
        expect(result.code).to.equal(2);
        expect(result.stderr).to.match(message);
        expect(result.stderr).not.to.match(/^\s+at /m, 'no stack trace');
        await stat(join(root, 'bad')).then(
          () => expect.fail('--out should not have been created'),
          (e: NodeJS.ErrnoException) => expect(e.code).to.equal('ENOENT'),
        );
      });
    }
  });
});
