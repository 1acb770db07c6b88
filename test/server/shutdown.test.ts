import { expect } from 'chai';
import https from 'node:https';
import type { Socket } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/server/telemetry/logger.js';
import { GracefulShutdown, SIGNAL_EXIT_CODES } from '../../src/server/shutdown.js';
import { requestFor, reviewFor, validBinding } from '../fixtures/reviews.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const BODY = JSON.stringify(reviewFor(requestFor(validBinding())));

interface Answer {
  status: number;
  connection: string | undefined;
  socket: Socket;
}

/** post sends a review on the server's keep-alive agent; bodyDelayMs holds back all but its first byte that long. */
function post(server: TestServer, bodyDelayMs = 0): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        servername: 'localhost',
        port: server.port,
        method: 'POST',
        path: '/validate',
        agent: server.agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, socket: req.socket as Socket }));
      },
    );
    if (bodyDelayMs === 0) req.end(BODY);
    else {
      req.write(BODY.slice(0, 1));
      const timer = setTimeout(() => req.end(BODY.slice(1)), bodyDelayMs);
      req.on('close', () => clearTimeout(timer));
    }
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('GracefulShutdown', () => {
  let server: TestServer;
  let exits: number[];
  let cleanedUp: boolean;
  let logged: string[];

  function shutdownFor(delayMs: number, timeoutMs: number): GracefulShutdown {
    const shutdown = new GracefulShutdown({
      server: server.server,
      delayMs,
      timeoutMs,
      logger: createLogger({
        level: 'info',
        format: 'json',
        destination: new Writable({
          write(chunk: Buffer, _encoding, done) {
            logged.push(JSON.parse(chunk.toString('utf8')).msg);
            done();
          },
        }),
      }),
      cleanup: () => {
        cleanedUp = true;
      },
      exit: (code) => exits.push(code),
    });
    server.readiness.add('shutdown', shutdown.readinessCheck);
    return shutdown;
  }

  beforeEach(async () => {
    server = await startTestServer();
    exits = [];
    cleanedUp = false;
    logged = [];
  });

  afterEach(async () => {
    await server.close();
  });

  it('fails readiness at once, serves through the delay, drains with Connection: close, then exits 0', async () => {
    const shutdown = shutdownFor(300, 5_000);
    expect(server.readiness.report().ready).to.equal(true);
    const done = shutdown.shutdown('SIGTERM');

    expect(server.readiness.report()).to.deep.equal({ ready: false, lines: ['[-]shutdown failed: shutting down'] });
    expect(shutdown.phase).to.equal('delaying');
    const during = await post(server);
    expect(during).to.include({ status: 200, connection: 'keep-alive' }, 'keep-alive as usual during the delay');
    const idleSocketClosed = new Promise((resolve) => during.socket.once('close', resolve));

    // Starts in the delay, finishes its body well into the drain.
    const inFlight = post(server, 500);
    await sleep(350);
    expect(shutdown.phase).to.equal('draining');
    expect(server.server.listening).to.equal(false);
    await idleSocketClosed;

    const answer = await inFlight;
    expect(answer).to.include({ status: 200, connection: 'close' });
    await done;
    expect(exits).to.deep.equal([0]);
    expect(cleanedUp).to.equal(true);
    expect(logged).to.deep.equal(['shutting down: /readyz now fails; serving on through the delay', 'draining: no longer accepting connections; waiting for in-flight requests', 'exiting']);
  });

  context('when a request outlasts the shutdown timeout', () => {
    it('closes it and exits 0 anyway, saying so', async () => {
      const shutdown = shutdownFor(0, 200);
      const stuck = post(server, 60_000).then(
        () => 'answered',
        (e: NodeJS.ErrnoException) => e.code,
      );
      await sleep(50);
      const started = Date.now();
      await shutdown.shutdown('SIGINT');
      expect(Date.now() - started).to.be.within(150, 2_000);
      expect(await stuck).to.equal('ECONNRESET');
      expect(exits).to.deep.equal([0]);
      expect(logged).to.include('shutdown timeout: closing connections with requests still in flight');
    });
  });

  context('when a second signal arrives', () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      it(`exits at once with ${SIGNAL_EXIT_CODES[signal]} on ${signal}`, async () => {
        const shutdown = shutdownFor(10_000, 10_000);
        const first = shutdown.shutdown('SIGTERM');
        await shutdown.shutdown(signal);
        expect(exits).to.deep.equal([SIGNAL_EXIT_CODES[signal]]);
        expect(shutdown.phase).to.equal('exiting');
        // The first sequence is abandoned: it never exits 0 or cleans up. Let its delay pass without waiting for it.
        void first;
        expect(cleanedUp).to.equal(false);
      });
    }
  });
});
