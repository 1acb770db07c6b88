/**
 * `skupper-webhook check` as users run it: the built CLI as a child process
 * (stdout and stderr are pipes, never a TTY) over the fixture files in
 * test/fixtures/check/ and the examples the README shows. Build first
 * (`npm test` does, through pretest). test/check/server-parity.test.ts holds
 * the CLI against the HTTPS server.
 */
import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CLI, type CliRun, FIXTURES, lines as text, ROOT, runCheck as check } from '../fixtures/check/run-check.js';

/** The long messages of apimachinery's name rules, as the webhook quotes them. */
const RFC1123_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_LABEL =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const PEER_NAMESPACE = "must be a peer namespace: it may not be the binding's own namespace";
const UDP_WARNING = 'Warning: spec.type: unsupported listener type "udp": Skupper only supports "tcp" and will ignore this listener';

const VALID_LISTENER_YAML = `apiVersion: skupper.io/v2alpha1
kind: Listener
metadata:
  name: backend
  namespace: west
spec:
  host: backend
  port: 8080
  routingKey: backend
  type: tcp
`;

describe('skupper-webhook check', function () {
  // Each run starts a Node process; a loaded CI machine takes its time.
  this.timeout(30_000);

  before(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  });

  context('exit codes', () => {
    const cases: { rule: string; args: string[]; code: number }[] = [
      { rule: '0 when everything is admitted', args: [`${FIXTURES}/valid.yaml`], code: 0 },
      { rule: '1 when something is denied', args: [`${FIXTURES}/invalid.yaml`], code: 1 },
      { rule: '2 for a file that does not parse', args: [`${FIXTURES}/broken.yaml`], code: 2 },
      { rule: '2 for a file that does not exist', args: [`${FIXTURES}/missing.yaml`], code: 2 },
      { rule: '2 with no input at all', args: [], code: 2 },
      { rule: '2 for an unknown output format', args: ['-o', 'xml', `${FIXTURES}/valid.yaml`], code: 2 },
      { rule: '2 for a namespace the API server would refuse', args: ['-n', 'Bad_NS', `${FIXTURES}/valid.yaml`], code: 2 },
    ];
    for (const { rule, args, code } of cases) {
      it(rule, async () => {
        expect((await check(args)).code).to.equal(code);
      });
    }
  });

  context('when the output is text', () => {
    it('prints one line per cause and warning, then the summary, on stdout', async () => {
      const file = `${FIXTURES}/invalid.yaml`;
      expect(await check([file])).to.deep.equal({
        code: 1,
        stdout: text(
          `${file}:1: AttachedConnectorBinding/west/backend: spec.connectorNamespace: Invalid value: "Bad_NS": ${RFC1123_LABEL}`,
          `${file}:2: Listener/west/frontend: ${UDP_WARNING}`,
          `${file}:3: Listener/west/<no name>: metadata.name: Required value: name or generateName is required`,
          '3 checked, 2 denied, 1 warned, 0 skipped',
        ),
        stderr: '',
      });
    });

    it('numbers the items of a List under their document', async () => {
      const file = `${FIXTURES}/list.yaml`;
      expect(await check([file])).to.deep.equal({
        code: 1,
        stdout: text(
          `${file}:3.2: AttachedConnectorBinding/default/second: spec.connectorNamespace: Invalid value: "default": ${PEER_NAMESPACE}`,
          '2 checked, 1 denied, 0 warned, 1 skipped',
        ),
        stderr: '',
      });
    });

    it('never colours output that is not a terminal', async () => {
      const run = await check([`${FIXTURES}/invalid.yaml`, `${FIXTURES}/broken.yaml`]);
      expect(run.stdout + run.stderr).not.to.include('\u001b');
    });
  });

  context('when the output is yaml', () => {
    it('prints the mutated documents on stdout (a Listener gets type: tcp) and the summary on stderr', async () => {
      expect(await check(['-o', 'yaml', `${FIXTURES}/valid.yaml`])).to.deep.equal({
        code: 0,
        stdout: `${VALID_LISTENER_YAML}---
apiVersion: skupper.io/v2alpha1
kind: AttachedConnectorBinding
metadata:
  name: backend
  namespace: west
spec:
  connectorNamespace: east
  routingKey: backend
---
apiVersion: v1
kind: Service
metadata:
  name: backend
  namespace: west
spec:
  ports:
  - port: 8080
`,
        stderr: text('2 checked, 0 denied, 0 warned, 1 skipped'),
      });
    });

    it('leaves a denied document out of stdout and puts its denial on stderr', async () => {
      const file = `${FIXTURES}/folder/nested/b.yml`;
      expect(await check(['-o', 'yaml', file])).to.deep.equal({
        code: 1,
        stdout: '',
        stderr: text(
          `${file}:1: AttachedConnectorBinding/west/b: spec.connectorNamespace: Invalid value: "west": ${PEER_NAMESPACE}`,
          '1 checked, 1 denied, 0 warned, 0 skipped',
        ),
      });
    });
  });

  context('when the output is json', () => {
    it('prints one array of every file’s documents', async () => {
      const run = await check(['-o', 'json', `${FIXTURES}/folder/a.yaml`, `${FIXTURES}/list.yaml`]);
      expect({ code: run.code, documents: JSON.parse(run.stdout) as unknown }).to.deep.equal({
        code: 1,
        documents: [
          {
            apiVersion: 'skupper.io/v2alpha1',
            kind: 'Listener',
            metadata: { name: 'a', namespace: 'west' },
            spec: { host: 'a', port: 1, routingKey: 'a', type: 'tcp' },
          },
          { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { answer: '42' } },
          {
            apiVersion: 'v1',
            kind: 'List',
            items: [
              {
                apiVersion: 'skupper.io/v2alpha1',
                kind: 'Listener',
                metadata: { name: 'first', namespace: 'default' },
                spec: { host: 'first', port: 1, routingKey: 'first', type: 'tcp' },
              },
            ],
          },
        ],
      });
      expect(run.stderr).to.match(/\n3 checked, 1 denied, 0 warned, 1 skipped\n$/);
    });
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

  context('when reading standard input', () => {
    it('checks - like a file named <stdin>', async () => {
      const input = readFileSync(path.join(ROOT, FIXTURES, 'invalid.yaml'), 'utf8');
      const run = await check(['-o', 'yaml', '-'], { input });
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

  context("the README's examples", () => {
    const cases: { command: string[]; run: CliRun }[] = [
      { command: ['examples/valid'], run: { code: 0, stdout: text('2 checked, 0 denied, 0 warned, 0 skipped'), stderr: '' } },
      {
        command: ['examples/invalid'],
        run: {
          code: 1,
          stdout: text(
            `examples/invalid/attached-connector-binding.yaml:1: AttachedConnectorBinding/west/backend: spec.connectorNamespace: Invalid value: "Bad_NS": ${RFC1123_LABEL}`,
            `examples/invalid/attached-connector-binding.yaml:2: AttachedConnectorBinding/west/frontend: spec.connectorNamespace: Invalid value: "west": ${PEER_NAMESPACE}`,
            'examples/invalid/listener.yaml:1: Listener/west/backend: spec.port: Invalid value: 0: spec.port in body should be greater than or equal to 1',
            `examples/invalid/listener.yaml:1: Listener/west/backend: spec.host: Invalid value: "Backend_Service": ${DNS1035_LABEL}: on Kubernetes, Skupper creates a Service named after the host`,
            '3 checked, 3 denied, 0 warned, 0 skipped',
          ),
          stderr: '',
        },
      },
      {
        command: ['examples/multi-document.yaml'],
        run: {
          code: 0,
          stdout: text(
            `examples/multi-document.yaml:2.2: Listener/west/metrics: ${UDP_WARNING}`,
            'examples/multi-document.yaml:3: AttachedConnectorBinding/west/backend: Warning: unknown field "spec.exposePodByName"',
            '3 checked, 0 denied, 2 warned, 1 skipped',
          ),
          stderr: '',
        },
      },
      {
        command: ['-o', 'yaml', 'examples/valid/listener.yaml'],
        run: { code: 0, stdout: VALID_LISTENER_YAML, stderr: text('1 checked, 0 denied, 0 warned, 0 skipped') },
      },
    ];
    for (const { command, run } of cases) {
      it(`skupper-webhook check ${command.join(' ')}`, async () => {
        expect(await check(command)).to.deep.equal(run);
      });
    }
  });
});
