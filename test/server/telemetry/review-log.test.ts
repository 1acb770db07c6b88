import { expect } from 'chai';
import { Writable } from 'node:stream';
import type { ReviewRecord } from '../../../src/server/telemetry/admission-observer.js';
import { createLogger } from '../../../src/server/telemetry/logger.js';
import { MALFORMED_MESSAGE, MAX_IDENTIFIER_CHARS, MAX_MESSAGE_CHARS, REVIEW_MESSAGE, ReviewLog, reviewLevel } from '../../../src/server/telemetry/review-log.js';
import { requestFor, reviewFor, validBinding, validListener } from '../../fixtures/reviews.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { defaultWebhooks } from '../../support/default-webhooks.js';

/** LogCapture collects the JSON lines a logger writes. */
class LogCapture extends Writable {
  readonly text: string[] = [];

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
    done();
  }

  /** lines are the parsed lines without their time, which varies. */
  get lines(): Array<Record<string, unknown>> {
    return this.text.map((line) => {
      const { time, ...rest } = JSON.parse(line) as Record<string, unknown>;
      expect(time).to.match(/^\d{4}-\d\d-\d\dT/);
      return rest;
    });
  }
}

const UID = 'e911857d-c318-11e8-bbad-025000000001';

describe('ReviewLog', () => {
  let capture: LogCapture;
  let server: TestServer;

  async function start(level = 'info', webhooks = defaultWebhooks()): Promise<void> {
    capture = new LogCapture();
    server = await startTestServer({ webhooks, observer: new ReviewLog(createLogger({ level, format: 'json', destination: capture })) });
  }

  /** only returns the one line logged, its duration checked and removed. */
  function only(): Record<string, unknown> {
    expect(capture.lines).to.have.length(1);
    const { duration_ms: duration, ...line } = capture.lines[0]!;
    expect(duration).to.be.a('number').and.at.least(0).and.below(5_000);
    return line;
  }

  afterEach(async () => {
    await server.close();
  });

  context('at info, the default', () => {
    beforeEach(() => start());

    it('writes nothing for an admitted review without warnings, patched or not', async () => {
      await server.review('/validate', reviewFor(requestFor(validBinding())));
      await server.review('/mutate', reviewFor(requestFor(validListener())));
      expect(capture.text).to.deep.equal([]);
    });

    it('writes a denial with its code and message, naming the object but not carrying it', async () => {
      const binding = validBinding();
      binding['spec'].connectorNamespace = 'west';
      await server.review('/validate', reviewFor(requestFor(binding, { dryRun: true })));
      expect(only()).to.deep.equal({
        level: 'info',
        webhook: 'validate',
        uid: UID,
        kind: 'AttachedConnectorBinding',
        namespace: 'west',
        name: 'backend',
        operation: 'CREATE',
        dry_run: true,
        allowed: false,
        code: 422,
        warnings: 0,
        message:
          'AttachedConnectorBinding.skupper.io "backend" is invalid: spec.connectorNamespace: Invalid value: "west": must be a peer namespace: it may not be the binding\'s own namespace',
        msg: REVIEW_MESSAGE,
      });
      expect(capture.text[0]).not.to.include('routingKey');
    });

    it('writes an admitted review that carries warnings, with their count', async () => {
      const listener = validListener();
      listener['spec'].type = 'udp';
      await server.review('/validate', reviewFor(requestFor(listener)));
      expect(only()).to.deep.include({ level: 'info', kind: 'Listener', allowed: true, code: 200, warnings: 1 });
    });

    it('writes a malformed request as a warning with its reason', async () => {
      await server.review('/mutate', '{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview"}');
      expect(only()).to.deep.equal({
        level: 'warn',
        webhook: 'mutate',
        reason: 'missing_request',
        code: 400,
        message: 'request: Required value: the AdmissionReview carries no request',
        msg: MALFORMED_MESSAGE,
      });
    });

    it('bounds a very long message', async () => {
      // The answer shortens each value, so only many causes make a message this long.
      const listener = validListener();
      listener['spec'].settings = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`key-${i}-${'k'.repeat(200)}`, i]));
      await server.review('/validate', reviewFor(requestFor(listener)));
      expect(only()['message']).to.have.length(MAX_MESSAGE_CHARS + 1);
    });

    it('bounds a huge name', async () => {
      const binding = validBinding();
      binding['metadata'].name = 'x'.repeat(100_000);
      await server.review('/validate', reviewFor(requestFor(binding, { uid: 'u'.repeat(MAX_IDENTIFIER_CHARS) })));
      const line = only();
      expect(line['uid']).to.have.length(MAX_IDENTIFIER_CHARS);
      expect(line['name']).to.have.length(MAX_IDENTIFIER_CHARS + 1);
    });
  });

  context('at debug', () => {
    beforeEach(() => start('debug'));

    it('writes one line per admitted review, at debug', async () => {
      await server.review('/validate', reviewFor(requestFor(validBinding())));
      expect(only()).to.deep.equal({
        level: 'debug',
        webhook: 'validate',
        uid: UID,
        kind: 'AttachedConnectorBinding',
        namespace: 'west',
        name: 'backend',
        operation: 'CREATE',
        dry_run: false,
        allowed: true,
        code: 200,
        warnings: 0,
        msg: REVIEW_MESSAGE,
      });
    });

    it('marks a patched review', async () => {
      await server.review('/mutate', reviewFor(requestFor(validListener())));
      expect(only()).to.deep.include({ level: 'debug', webhook: 'mutate', kind: 'Listener', allowed: true, patched: true, code: 200 });
    });

    it('never writes the data of a Secret, whatever it is sent', async () => {
      const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'west' }, data: { password: 'c3VwZXItc2VjcmV0' }, stringData: { token: 'hunter2' } };
      const request = { ...requestFor(secret), kind: { group: '', version: 'v1', kind: 'Secret' }, oldObject: secret };
      await server.review('/validate', reviewFor(request));
      expect(only()).to.deep.include({ kind: 'Secret', name: 'db', allowed: true });
      expect(capture.text.join('\n')).not.to.match(/c3VwZXItc2VjcmV0|hunter2|password|stringData/);
    });
  });

  context('when the decision throws', () => {
    beforeEach(() =>
      start('info', {
        ...defaultWebhooks(),
        validate: () => {
          throw new Error('boom', { cause: new Error('deep') });
        },
      }),
    );

    it('logs at error with the error, one line', async () => {
      await server.review('/validate', reviewFor(requestFor(validBinding())));
      expect(only()).to.deep.include({ level: 'error', allowed: false, code: 500, error: 'boom: deep' });
    });
  });

  context('at warn', () => {
    beforeEach(() => start('warn'));

    it('leaves reviews out, denials too, and keeps malformed requests', async () => {
      const binding = validBinding();
      binding['spec'].connectorNamespace = 'west';
      await server.review('/validate', reviewFor(requestFor(binding)));
      await server.review('/validate', 'nope');
      expect(capture.lines.map((l) => l['msg'])).to.deep.equal([MALFORMED_MESSAGE]);
    });
  });
});

describe('reviewLevel', () => {
  const request = requestFor(validListener());
  const cases: Array<{ rule: string; record: Partial<ReviewRecord>; level: string }> = [
    { rule: 'an admission without warnings is debug', record: { response: { uid: 'u', allowed: true } }, level: 'debug' },
    { rule: 'a patched admission without warnings is debug', record: { response: { uid: 'u', allowed: true, patch: 'W10=', patchType: 'JSONPatch' } }, level: 'debug' },
    { rule: 'an admission with warnings is info', record: { response: { uid: 'u', allowed: true, warnings: ['w'] } }, level: 'info' },
    { rule: 'a denial is info', record: { response: { uid: 'u', allowed: false, status: { code: 422 } } }, level: 'info' },
    { rule: 'a failure of the webhook is error', record: { response: { uid: 'u', allowed: false }, httpStatus: 500, error: new Error('boom') }, level: 'error' },
  ];
  for (const { rule, record, level } of cases) {
    it(rule, () => {
      expect(reviewLevel({ webhook: 'validate', request, httpStatus: 200, durationSeconds: 0, response: { uid: 'u', allowed: true }, ...record })).to.equal(level);
    });
  }
});
