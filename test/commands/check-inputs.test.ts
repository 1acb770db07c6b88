/**
 * `skupper-webhook check` as users run it, for what it reads: files that do
 * not parse, values that look like dates, standard input, folders, the
 * namespace of documents that name none, and thousands of documents, over the
 * fixture files in test/fixtures/check/. The command line runs in this process
 * (runCheck); standard input as a pipe and reading under a heap cap are the
 * built CLI's as a child process, which needs a build first (`npm test` does,
 * through pretest). check-output.test.ts covers what it answers.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TOO_LARGE } from '../../src/check/read/read-inputs.js';
import { CLI, DNS1035_LABEL, FIXTURES, lines as text, PEER_NAMESPACE, RFC1123_LABEL, ROOT, runCheck as check, runCheckProcess, VALID_LISTENER_YAML } from '../fixtures/check/run-check.js';

describe('skupper-webhook check', function () {
  // Each run starts a Node process; a loaded CI machine takes its time.
  this.timeout(30_000);

  before(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  });

  context('when a file does not parse', () => {
    it('reports the file and line, and still checks the other files', async () => {
      const broken = `${FIXTURES}/broken.yaml`;
      const invalid = `${FIXTURES}/folder/nested/b.yml`;
      expect(await check([broken, `${FIXTURES}/missing.yaml`, invalid])).to.deep.equal({
        code: 2,
        stdout: text(
          `${broken}:7:3: error: Flow sequence in block collection must be sufficiently indented and end with a ]`,
          `${FIXTURES}/missing.yaml: error: cannot read: ENOENT: no such file or directory, stat '${FIXTURES}/missing.yaml'`,
          `${invalid}:1: AttachedConnectorBinding/west/b: spec.connectorNamespace: Invalid value: "west": ${PEER_NAMESPACE}`,
          '1 checked, 1 denied, 0 warned, 0 skipped, 2 unreadable',
        ),
        stderr: '',
      });
    });

    it('refuses a document that is not a Kubernetes object', async () => {
      const run = await check(['-'], { input: 'apiVersion: v1\nkind: Service\n---\n- a list\n---\nkind: Listener\n' });
      expect(run).to.deep.equal({
        code: 2,
        stdout: text(
          '<stdin>:2: error: not a Kubernetes object: the document is a sequence, not a mapping',
          '<stdin>:3: error: apiVersion not set',
          '0 checked, 0 denied, 0 warned, 1 skipped, 2 unreadable',
        ),
        stderr: '',
      });
    });
  });

  context('when reading JSON', () => {
    const configMap = (name: string): string => `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${name}"}}`;

    it('refuses a duplicate key at its line and column, as YAML and the API server do', async () => {
      const input = '{"apiVersion":"skupper.io/v2alpha1","kind":"Listener","metadata":{"name":"b"},"spec":{"host":"b","port":0,"routingKey":"b","port":9}}';
      expect(await check(['-'], { input })).to.deep.equal({
        code: 2,
        stdout: text('<stdin>:1:124: error: duplicate key "port"', '0 checked, 0 denied, 0 warned, 0 skipped, 1 unreadable'),
        stderr: '',
      });
    });

    it('checks a stream of JSON values, numbered like YAML documents', async () => {
      const listener = '{"apiVersion":"skupper.io/v2alpha1","kind":"Listener","metadata":{"name":"l"},"spec":{"host":"l","port":0,"routingKey":"l"}}';
      expect(await check(['-'], { input: `${configMap('a')}
${configMap('b')}
${listener}
` })).to.deep.equal({
        code: 1,
        stdout: text('<stdin>:3: Listener/default/l: spec.port: Invalid value: 0: spec.port in body should be greater than or equal to 1', '1 checked, 1 denied, 0 warned, 2 skipped'),
        stderr: '',
      });
    });

    it('reports a syntax error at its line and column, even where V8 gives no offset', async () => {
      const run = await check(['-', '-'], { input: `${configMap('a')}
---
${configMap('b')}
` });
      expect(run).to.deep.equal({
        code: 2,
        stdout: text('<stdin>:2:1: error: not valid JSON: expected a value, found "-"', '0 checked, 0 denied, 0 warned, 0 skipped, 1 unreadable'),
        stderr: '',
      });
      expect((await check(['-'], { input: '{"a":}' })).stdout).to.equal(text('<stdin>:1:6: error: not valid JSON: expected a value, found "}"', '0 checked, 0 denied, 0 warned, 0 skipped, 1 unreadable'));
    });
  });

  context('when a document is nested too deeply', () => {
    const listener = (foo: string): string =>
      `{"apiVersion":"skupper.io/v2alpha1","kind":"Listener","metadata":{"name":"b"},"spec":{"host":"b","port":1,"routingKey":"b","foo":${foo}}}`;
    const unreadable = '0 checked, 0 denied, 0 warned, 0 skipped, 1 unreadable';

    it('refuses JSON with one input error at its place, never an internal error', async () => {
      expect(await check(['-'], { input: listener(`${'['.repeat(5000)}${']'.repeat(5000)}`) })).to.deep.equal({
        code: 2,
        stdout: text('<stdin>:1:384: error: nested too deeply: more than 256 levels', unreadable),
        stderr: '',
      });
    });

    it('refuses YAML the same way, however deep', async () => {
      for (const depth of [300, 5000]) {
        const input = `${VALID_LISTENER_YAML}  foo: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
        expect(await check(['-'], { input })).to.deep.equal({ code: 2, stdout: text('<stdin>:11:262: error: nested too deeply: more than 256 levels', unreadable), stderr: '' });
      }
    });

    it('checks and prints a document at the limit, in every output format', async () => {
      // spec and the object itself are two levels; mappings are what the YAML writer takes least deep.
      const input = listener(`${'{"a":'.repeat(254)}1${'}'.repeat(254)}`);
      for (const output of ['text', 'yaml', 'json']) {
        const run = await check(['-o', output, '-'], { input });
        expect({ code: run.code, summary: (output === 'text' ? run.stdout : run.stderr).trimEnd().split('\n').at(-1) }).to.deep.equal({
          code: 0,
          summary: '1 checked, 0 denied, 1 warned, 0 skipped',
        });
      }
    });
  });

  context('when an input is not UTF-8', () => {
    it('refuses it at the first bad byte, as go-yaml does, instead of checking a replaced value', async () => {
      const [before, after] = VALID_LISTENER_YAML.split('routingKey: backend') as [string, string];
      const input = Buffer.concat([Buffer.from(`${before}routingKey: caf`), Buffer.from([0xe9]), Buffer.from(after)]);
      expect(await check(['-'], { input })).to.deep.equal({
        code: 2,
        stdout: text('<stdin>:9:18: error: not valid UTF-8: byte 0xe9 at offset 143', '0 checked, 0 denied, 0 warned, 0 skipped, 1 unreadable'),
        stderr: '',
      });
    });
  });

  context('when the inputs hold no objects at all', () => {
    let dir: string;

    before(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'check-no-objects-'));
      await writeFile(path.join(dir, 'notes.txt'), 'apiVersion: v1\nkind: ConfigMap\n');
    });

    after(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('refuses a folder without manifest files, as kubectl apply refuses no objects', async () => {
      expect(await check([dir])).to.deep.equal({
        code: 2,
        stdout: '',
        stderr: text(`skupper-webhook: error: no objects to check: no .yaml, .yml or .json file in ${dir}`),
      });
    });

    it('refuses inputs with nothing but empty documents, an empty List among them', async () => {
      expect(await check(['-o', 'json', '-', dir], { input: '# nothing yet\n---\napiVersion: v1\nkind: List\nitems: []\n' })).to.deep.equal({
        code: 2,
        stdout: '',
        stderr: text(`skupper-webhook: error: no objects to check: nothing but empty documents in <stdin>, ${dir}`),
      });
    });

    it('passes a run whose objects are all skipped', async () => {
      expect(await check(['-', dir], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n' })).to.deep.equal({
        code: 0,
        stdout: text('0 checked, 0 denied, 0 warned, 1 skipped'),
        stderr: '',
      });
    });
  });

  context('when a value looks like a date', () => {
    it('reads it as the text kubectl sends, not a timestamp: the rules quote it and -o json keeps it', async () => {
      const input = VALID_LISTENER_YAML.replace('host: backend', 'host: 2024-01-01').replace('  routingKey: backend', '  routingKey: 2024-01-01');
      const denied = await check(['-'], { input });
      expect(denied.code).to.equal(1);
      expect(denied.stdout).to.include(`spec.host: Invalid value: "2024-01-01": ${DNS1035_LABEL}`);
      const valid = await check(['-o', 'json', '-'], { input: VALID_LISTENER_YAML.replace('  routingKey: backend', '  routingKey: 2024-01-01') });
      expect(valid.code).to.equal(0);
      expect((JSON.parse(valid.stdout) as Array<{ spec: { routingKey: unknown } }>)[0]!.spec.routingKey).to.equal('2024-01-01');
    });
  });

  context('when a number is written as go-yaml v2 reads it, for kubectl', () => {
    it('denies port: 1:30, a string for go-yaml (no base 60), as a type error', async () => {
      const run = await check(['-'], { input: VALID_LISTENER_YAML.replace('port: 8080', 'port: 1:30') });
      expect(run.code).to.equal(1);
      expect(run.stdout).to.include('spec.port: Invalid value: "string": spec.port in body must be of type integer: "string"');
    });

    it('admits port: 0o17, octal 15 for go-yaml, and -o yaml quotes the string "0o17"', async () => {
      const input = VALID_LISTENER_YAML.replace('port: 8080', 'port: 0o17').replace('routingKey: backend', 'routingKey: "0o17"');
      const run = await check(['-o', 'yaml', '-'], { input });
      expect(run.code).to.equal(0);
      expect(run.stdout).to.include('  port: 15\n  routingKey: "0o17"\n');
    });
  });

  context('when reading standard input', () => {
    it('checks - like a file named <stdin>', async () => {
      const input = readFileSync(path.join(ROOT, FIXTURES, 'invalid.yaml'), 'utf8');
      // Through a process: standard input is a real pipe.
      const run = await runCheckProcess(['-o', 'yaml', '-'], { input });
      expect(run.code).to.equal(1);
      expect(run.stderr.split('\n')[0]).to.equal(`<stdin>:1: AttachedConnectorBinding/west/backend: spec.connectorNamespace: Invalid value: "Bad_NS": ${RFC1123_LABEL}`);
      expect(run.stdout).to.equal(`apiVersion: skupper.io/v2alpha1
kind: Listener
metadata:
  name: frontend
  namespace: west
spec:
  host: frontend
  port: 80
  routingKey: frontend
  type: udp
`);
    });
  });

  context('when given a folder', () => {
    it('checks its .yaml, .yml and .json files recursively, in order', async () => {
      const run = await check(['-o', 'json', `${FIXTURES}/folder`]);
      expect({ code: run.code, stderr: run.stderr, names: (JSON.parse(run.stdout) as { metadata: { name: string } }[]).map((d) => d.metadata.name) }).to.deep.equal({
        code: 1,
        stderr: text(
          `${FIXTURES}/folder/nested/b.yml:1: AttachedConnectorBinding/west/b: spec.connectorNamespace: Invalid value: "west": ${PEER_NAMESPACE}`,
          '3 checked, 1 denied, 0 warned, 0 skipped',
        ),
        names: ['a', 'c'],
      });
    });
  });

  context('--namespace', () => {
    const file = `${FIXTURES}/no-namespace.yaml`;

    it('is default when not given', async () => {
      expect(await check([file])).to.deep.equal({ code: 0, stdout: text('1 checked, 0 denied, 0 warned, 0 skipped'), stderr: '' });
    });

    it('places documents that name no namespace', async () => {
      expect(await check(['--namespace', 'east', file])).to.deep.equal({
        code: 1,
        stdout: text(
          `${file}:1: AttachedConnectorBinding/east/backend: spec.connectorNamespace: Invalid value: "east": ${PEER_NAMESPACE}`,
          '1 checked, 1 denied, 0 warned, 0 skipped',
        ),
        stderr: '',
      });
    });

    it('never overrides the namespace a document names', async () => {
      expect((await check(['-n', 'west', `${FIXTURES}/valid.yaml`])).code).to.equal(0);
    });
  });

  context('when an input is larger than check reads', () => {
    // The CLI under a heap cap far below what reading these whole would take: it must stop, not grow.
    const HEAP_CAP = '--max-old-space-size=64';
    const cappedCheck = (args: string[], stdin: 'ignore' | number = 'ignore'): Promise<{ code: number | null; stdout: string; stderr: string }> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [HEAP_CAP, CLI, 'check', ...args], { cwd: ROOT, stdio: [stdin, 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    const tooLarge = (name: string) => ({ code: 2, stdout: text(`${name}: error: ${TOO_LARGE}`, '0 checked, 0 denied, 0 warned, 0 skipped, 1 unreadable'), stderr: '' });

    it('stops reading a file that never ends (/dev/zero): one error line, exit 2', async () => {
      expect(await cappedCheck(['/dev/zero'])).to.deep.equal(tooLarge('/dev/zero'));
    });

    it('refuses a 200 MB file without reading it, and checks the other inputs', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'check-huge-'));
      try {
        const huge = path.join(dir, 'huge.yaml');
        await writeFile(huge, '');
        await truncate(huge, 200 * 1024 * 1024);
        const run = await cappedCheck([huge, `${FIXTURES}/valid.yaml`]);
        expect(run.code).to.equal(2);
        expect(run.stdout.split('\n')[0]).to.equal(`${huge}: error: ${TOO_LARGE}`);
        expect(run.stdout).to.match(/\n2 checked, 0 denied, 0 warned, 1 skipped, 1 unreadable\n$/);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('stops reading standard input that never ends', async () => {
      const zero = openSync('/dev/zero', 'r');
      try {
        expect(await cappedCheck(['-'], zero)).to.deep.equal(tooLarge('<stdin>'));
      } finally {
        closeSync(zero);
      }
    });
  });

  context('when given thousands of documents', () => {
    it('processes every one of them', async () => {
      const count = 5000;
      const documents = Array.from({ length: count }, (_, i) =>
        i % 2 === 0
          ? `apiVersion: skupper.io/v2alpha1\nkind: Listener\nmetadata:\n  name: l${i}\nspec:\n  routingKey: r${i}\n  host: h${i}\n  port: 8080\n`
          : `apiVersion: skupper.io/v2alpha1\nkind: AttachedConnectorBinding\nmetadata:\n  name: b${i}\nspec:\n  connectorNamespace: ${i % 4 === 1 ? 'default' : 'east'}\n  routingKey: r${i}\n`,
      );
      const run = await check(['-'], { input: documents.join('---\n') });
      const lines = run.stdout.trimEnd().split('\n');
      expect({ code: run.code, findings: lines.length - 1, summary: lines.at(-1) }).to.deep.equal({
        code: 1,
        findings: 1250,
        summary: '5000 checked, 1250 denied, 0 warned, 0 skipped',
      });
    });
  });
});
