/**
 * `skupper-webhook check` as users run it, for what it answers: exit codes,
 * and the text, yaml and json output, over the fixture files in
 * test/fixtures/check/ and the examples docs/check.md shows. The command line
 * runs in this process (runCheck), exit codes included; the exit status of
 * the executable, colour and the environment are the built CLI's as a child
 * process (runCheckProcess: stdout and stderr are pipes, never a TTY), which
 * needs a build first (`npm test` does, through pretest). check-inputs.test.ts covers what it
 * reads; test/check/server-parity.test.ts holds the CLI against the HTTPS
 * server.
 */
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { LABEL_KEY_NAME_MSG, LABEL_KEY_SLASHES_MSG, LABEL_TOO_LONG_MSG, LABEL_VALUE_MSG } from '../fixtures/apimachinery-messages.js';
import {
  CLI,
  type CliRun,
  DNS1035_LABEL,
  FIXTURES,
  lines as text,
  PEER_NAMESPACE,
  PORT_NAME_REASON,
  RFC1123_LABEL,
  runCheck as check,
  runCheckProcess,
  STRICT_HOST_REASON,
  UDP_WARNING,
  VALID_LISTENER_YAML,
} from '../fixtures/check/run-check.js';

describe('skupper-webhook check', function () {
  // A run of the executable starts a Node process; a loaded CI machine takes its time.
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
      { rule: '2 with no objects in the input', args: ['-'], code: 2 },
      { rule: '2 for an unknown output format', args: ['-o', 'xml', `${FIXTURES}/valid.yaml`], code: 2 },
      { rule: '2 for a namespace the API server would refuse', args: ['-n', 'Bad_NS', `${FIXTURES}/valid.yaml`], code: 2 },
    ];
    for (const { rule, args, code } of cases) {
      it(rule, async () => {
        expect((await check(args)).code).to.equal(code);
      });
    }

    it('are the exit statuses of the executable, one run for each', async () => {
      const runs = await Promise.all([cases[0]!, cases[1]!, cases[2]!].map(({ args }) => runCheckProcess(args)));
      expect(runs.map((run) => run.code)).to.deep.equal([0, 1, 2]);
    });
  });

  context('shorthand flags written as kubectl accepts them', () => {
    it('reads -o=yaml and -n=west as -o yaml and -n west', async () => {
      const equals = await check(['-o=json', '-n=west', `${FIXTURES}/valid.yaml`]);
      const spaced = await check(['-o', 'json', '-n', 'west', `${FIXTURES}/valid.yaml`]);
      expect(equals.code).to.equal(0);
      expect(equals).to.deep.equal(spaced);
    });

    it('leaves an argument after -- alone', async () => {
      const run = await check([`${FIXTURES}/valid.yaml`, '--', '-o=yaml']);
      expect(run.code).to.equal(2);
      expect(run.stdout).to.contain('-o=yaml: error: cannot read');
    });
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

    it("denies bad labels and annotations in the API server's words, before the webhook sees the object", async () => {
      const file = `${FIXTURES}/labels.yaml`;
      expect(await check([file])).to.deep.equal({
        code: 1,
        stdout: text(
          `${file}:1: Listener/west/frontend: metadata.labels: Invalid value: "bad value!": ${LABEL_VALUE_MSG}`,
          `${file}:2: Listener/west/backend: metadata.labels: Invalid value: "example.com/": name part must be non-empty`,
          `${file}:2: Listener/west/backend: metadata.labels: Invalid value: "example.com/": ${LABEL_KEY_NAME_MSG}`,
          `${file}:2: Listener/west/backend: metadata.annotations: Invalid value: "Not A Key": ${LABEL_KEY_NAME_MSG}`,
          `${file}:4: Listener/west/cache: metadata.labels: Invalid value: "${'é'.repeat(32)}": ${LABEL_TOO_LONG_MSG}`,
          `${file}:4: Listener/west/cache: metadata.labels: Invalid value: "${'é'.repeat(32)}": ${LABEL_VALUE_MSG}`,
          `${file}:4: Listener/west/cache: metadata.labels: Invalid value: "a/b/c": ${LABEL_KEY_SLASHES_MSG}`,
          '4 checked, 3 denied, 0 warned, 0 skipped',
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
      const run = await runCheckProcess([`${FIXTURES}/invalid.yaml`, `${FIXTURES}/broken.yaml`]);
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

  context('the Service name rule (--service-name-validation, SKUPPER_WEBHOOK_SERVICE_NAME_VALIDATION)', () => {
    const DIGIT_HOST = `apiVersion: skupper.io/v2alpha1
kind: Listener
metadata: {name: db, namespace: west}
spec: {routingKey: db, host: 1db, port: 5432}
---
apiVersion: skupper.io/v2alpha1
kind: MultiKeyListener
metadata: {name: db-failover, namespace: west}
spec: {host: 1db-failover, port: 5432, strategy: {priority: {routingKeys: [db-east, db-west]}}}
`;
    const RELAXED_ADMITS = { code: 0, stdout: text('2 checked, 0 denied, 0 warned, 0 skipped'), stderr: '' };
    const ENV = 'SKUPPER_WEBHOOK_SERVICE_NAME_VALIDATION';

    it('is strict by default: a host with a leading digit is denied, naming the rule, on a Listener and a MultiKeyListener', async () => {
      expect(await check(['-'], { input: DIGIT_HOST })).to.deep.equal({
        code: 1,
        stdout: text(
          `<stdin>:1: Listener/west/db: spec.host: Invalid value: "1db": ${DNS1035_LABEL}: ${STRICT_HOST_REASON}`,
          `<stdin>:2: MultiKeyListener/west/db-failover: spec.host: Invalid value: "1db-failover": ${DNS1035_LABEL}: ${STRICT_HOST_REASON}`,
          '2 checked, 2 denied, 0 warned, 0 skipped',
        ),
        stderr: '',
      });
    });

    it('admits both when relaxed, by flag or by environment', async () => {
      expect(await check(['--service-name-validation', 'relaxed', '-'], { input: DIGIT_HOST })).to.deep.equal(RELAXED_ADMITS);
      expect(await runCheckProcess(['-'], { input: DIGIT_HOST, env: { [ENV]: 'relaxed' } })).to.deep.equal(RELAXED_ADMITS);
    });

    it('holds a MultiKeyListener named by generateName to the port name rule, whichever the host rule', async () => {
      const generated = `apiVersion: skupper.io/v2alpha1
kind: MultiKeyListener
metadata: {generateName: db.failover-, namespace: west}
spec: {host: 1db, port: 5432, strategy: {priority: {routingKeys: [db-east]}}}
`;
      expect(await check(['--service-name-validation', 'relaxed', '-'], { input: generated })).to.deep.equal({
        code: 1,
        stdout: text(
          '<stdin>:1: MultiKeyListener/west/db.failover-*: metadata.generateName: Invalid value: "db.failover-": must not contain dots: Skupper names the Service port "multiaddress-<name>", and a Service port name must be a DNS-1123 label',
          '1 checked, 1 denied, 0 warned, 0 skipped',
        ),
        stderr: '',
      });
    });

    it('lets the flag win over the environment', async () => {
      expect((await runCheckProcess(['--service-name-validation', 'strict', '-'], { input: DIGIT_HOST, env: { [ENV]: 'relaxed' } })).code).to.equal(1);
    });

    it('refuses any other rule with one line and exit 2', async () => {
      const byFlag = await check(['--service-name-validation', 'loose', '-'], { input: DIGIT_HOST });
      expect(byFlag).to.deep.equal({
        code: 2,
        stdout: '',
        stderr: text("error: option '--service-name-validation <rule>' argument 'loose' is invalid. Allowed choices are strict, relaxed."),
      });
      const byEnv = await runCheckProcess(['-'], { input: DIGIT_HOST, env: { [ENV]: 'loose' } });
      expect(byEnv.code).to.equal(2);
      expect(byEnv.stderr).to.equal(text(`error: option '--service-name-validation <rule>' value 'loose' from env '${ENV}' is invalid. Allowed choices are strict, relaxed.`));
    });
  });

  context("the examples of docs/check.md", () => {
    const cases: { command: string[]; run: CliRun }[] = [
      { command: ['examples/valid'], run: { code: 0, stdout: text('5 checked, 0 denied, 0 warned, 0 skipped'), stderr: '' } },
      {
        command: ['examples/invalid'],
        run: {
          code: 1,
          stdout: text(
            `examples/invalid/attached-connector-binding.yaml:1: AttachedConnectorBinding/west/backend: spec.connectorNamespace: Invalid value: "Bad_NS": ${RFC1123_LABEL}`,
            `examples/invalid/attached-connector-binding.yaml:2: AttachedConnectorBinding/west/frontend: spec.connectorNamespace: Invalid value: "west": ${PEER_NAMESPACE}`,
            `examples/invalid/attached-connector.yaml:1: AttachedConnector/east/backend: spec.siteNamespace: Invalid value: "east": must be a peer namespace: it may not be the AttachedConnector's own namespace`,
            `examples/invalid/attached-connector.yaml:2: AttachedConnector/east/frontend: spec.siteNamespace: Invalid value: "West": ${RFC1123_LABEL}`,
            `examples/invalid/connector.yaml:1: Connector/east/backend: spec.selector: Invalid value: "app in (backend": unable to parse requirement: found '', expected: ',' or ')'`,
            'examples/invalid/connector.yaml:2: Connector/east/database: <nil>: Invalid value: "": "spec" must validate one and only one schema (oneOf). Found 2 valid alternatives',
            'examples/invalid/listener.yaml:1: Listener/west/backend: spec.port: Invalid value: 0: spec.port in body should be greater than or equal to 1',
            `examples/invalid/listener.yaml:1: Listener/west/backend: spec.host: Invalid value: "Backend_Service": ${DNS1035_LABEL}: ${STRICT_HOST_REASON}`,
            `examples/invalid/listener.yaml:2: Listener/west/frontend.v2: metadata.name: Invalid value: "frontend.v2": must not contain dots: ${PORT_NAME_REASON}`,
            'examples/invalid/multi-key-listener.yaml:1: MultiKeyListener/west/backend.v2: metadata.name: Invalid value: "backend.v2": must not contain dots: Skupper names the Service port "multiaddress-<name>", and a Service port name must be a DNS-1123 label',
            'examples/invalid/multi-key-listener.yaml:1: MultiKeyListener/west/backend.v2: spec.strategy: Invalid value: exactly one of the fields in [priority weighted] must be set',
            '9 checked, 9 denied, 0 warned, 0 skipped',
          ),
          stderr: '',
        },
      },
      {
        command: ['examples/multi-document.yaml'],
        run: {
          code: 0,
          stdout: text(
            `examples/multi-document.yaml:3.2: Listener/west/metrics: ${UDP_WARNING}`,
            'examples/multi-document.yaml:4: AttachedConnectorBinding/west/backend: Warning: unknown field "spec.exposePodByName"',
            // The Site and the Service pass untouched.
            '3 checked, 0 denied, 2 warned, 2 skipped',
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
