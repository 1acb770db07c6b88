/**
 * Hostile connections against `serve` under the Deployment's heap cap, with
 * its real deadlines: hundreds of connections at once, connections that
 * never finish a handshake or never send a request, slow clients that
 * dribble their headers (the header timeout must close them while everyone
 * else is served), bodies that stall, stop or are not HTTP, and clients
 * that offer only TLS 1.0 or 1.1; then it must still be serving and ready.
 */
import { expect } from 'chai';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { requestFor, reviewFor, validListener } from '../fixtures/reviews.js';
import { type CappedServer, expectStillServing, startCappedServe } from '../support/capped-serve.js';

/** CONNECTIONS is "hundreds of concurrent connections": each its own TLS handshake. */
const CONNECTIONS = 300;

/** SLOW_CLIENTS dribble one header byte every DRIBBLE_MS, far slower than HEADERS_TIMEOUT_MS allows. */
const SLOW_CLIENTS = 20;
const DRIBBLE_MS = 100;

/** CLOSE_WAIT_MS bounds how long the test waits for the server to drop a slow client; it is a liveness bound, not a timing. */
const CLOSE_WAIT_MS = 8_000;

/** SILENT_CLIENTS open connections and send nothing, not even a TLS ClientHello, or nothing after the handshake. */
const SILENT_CLIENTS = 50;

/** closedBy resolves once socket closes, or rejects after CLOSE_WAIT_MS. */
function closedBy(socket: net.Socket, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept ${what} for ${CLOSE_WAIT_MS} ms`));
    }, CLOSE_WAIT_MS);
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(giveUp);
      resolve();
    });
  });
}

function postOnNewConnection(server: CappedServer, uid: string): Promise<{ status: number; uid: unknown }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(reviewFor(requestFor(validListener(), { uid })));
    const req = https.request(
      { host: '127.0.0.1', servername: 'localhost', port: server.port, method: 'POST', path: '/mutate', ca: server.ca, agent: false, headers: { 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, uid: JSON.parse(Buffer.concat(chunks).toString('utf8')).response?.uid }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** slowClient connects and sends a request's headers one byte at a time until the server closes the connection. */
function slowClient(server: CappedServer): Promise<{ closedByServer: boolean; received: string }> {
  return new Promise((resolve, reject) => {
    const head = `POST /validate HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: 2\r\nx-padding: ${'p'.repeat(200)}\r\n\r\n{}`;
    let sent = 0;
    let received = '';
    let timer: NodeJS.Timeout | undefined;
    const socket = tls.connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: server.ca }, () => {
      const dribble = () => {
        if (sent < head.length && !socket.destroyed) {
          socket.write(head[sent++]!);
          timer = setTimeout(dribble, DRIBBLE_MS);
        }
      };
      dribble();
    });
    socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      clearTimeout(giveUp);
      resolve({ closedByServer: sent < head.length, received });
    });
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept a slow client for ${CLOSE_WAIT_MS} ms after ${sent} bytes`));
    }, CLOSE_WAIT_MS);
  });
}

function handshake(server: CappedServer, version: tls.SecureVersion): Promise<{ protocol?: string | null; error?: NodeJS.ErrnoException }> {
  return new Promise((resolve) => {
    // SECLEVEL=0 lets this client offer the old versions at all; the refusal must then come from the server.
    const socket = tls.connect(
      { host: '127.0.0.1', port: server.port, servername: 'localhost', ca: server.ca, minVersion: version, maxVersion: version, ciphers: 'DEFAULT@SECLEVEL=0' },
      () => {
        resolve({ protocol: socket.getProtocol() });
        socket.end();
      },
    );
    socket.on('error', (error) => resolve({ error }));
  });
}

describe('hostile connections', () => {
  let server: CappedServer;
  before(async () => {
    server = await startCappedServe();
  });
  after(async () => server.close());

  it('closes connections that never send a TLS ClientHello, while serving everyone else', async () => {
    const silent = Array.from({ length: SILENT_CLIENTS }, () => closedBy(net.connect(server.port, '127.0.0.1'), 'a connection without a handshake'));
    const res = await server.review('/validate', reviewFor(requestFor(validListener(), { uid: 'meanwhile' })));
    expect(res.status).to.equal(200);
    await Promise.all(silent);
  });

  it('answers connections that finish the handshake and then send nothing 408, and closes them', async () => {
    const silent = Array.from({ length: SILENT_CLIENTS }, async () => {
      let received = '';
      const socket = tls.connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: server.ca });
      socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
      await closedBy(socket, 'a connection without a request');
      expect(received).to.match(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    });
    await Promise.all(silent);
  });

  it(`answers ${CONNECTIONS} concurrent connections, each with its own uid`, async () => {
    const uids = Array.from({ length: CONNECTIONS }, (_, i) => `concurrent-${i}`);
    const answers = await Promise.all(uids.map((uid) => postOnNewConnection(server, uid)));
    expect(answers.map((a) => a.status)).to.deep.equal(uids.map(() => 200));
    expect(answers.map((a) => a.uid)).to.deep.equal(uids);
  });

  it('closes clients that send their headers byte by byte, while serving everyone else', async () => {
    const slow = Array.from({ length: SLOW_CLIENTS }, () => slowClient(server));
    let served = 0;
    let stop = false;
    const meanwhile = (async () => {
      while (!stop) {
        const res = await server.review('/validate', reviewFor(requestFor(validListener(), { uid: `meanwhile-${served}` })));
        expect(res.status).to.equal(200);
        expect((res.json as any).response.uid).to.equal(`meanwhile-${served}`);
        served++;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const outcomes = await Promise.all(slow);
    stop = true;
    await meanwhile;
    for (const outcome of outcomes) {
      expect(outcome.closedByServer, 'closed before the headers were complete').to.equal(true);
      // A header timeout is answered 408 with a metav1.Status, as every refusal is, before the close.
      expect(outcome.received).to.match(/^HTTP\/1\.1 408 Request Timeout\r\n/);
      const status = JSON.parse(outcome.received.slice(outcome.received.indexOf('\r\n\r\n') + 4));
      expect(status).to.include({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 408, reason: 'Timeout' });
      expect(status.message).to.match(/^request timed out: its headers must arrive within /);
    }
    expect(served, 'reviews answered while the slow clients dribbled').to.be.above(0);
  });

  for (const version of ['TLSv1', 'TLSv1.1'] as const) {
    it(`refuses ${version} with a protocol_version alert from the server`, async () => {
      const { error } = await handshake(server, version);
      expect(error?.code).to.equal('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
    });
  }

  for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
    it(`accepts ${version}`, async () => {
      expect((await handshake(server, version)).protocol).to.equal(version);
    });
  }

  it('is still serving and ready afterwards, having counted every request', async () => {
    // Each concurrent connection sent one request on a client of its own; the slow clients never got a request through.
    await expectStillServing(server, CONNECTIONS);
  });
});

describe('a request whose body stops arriving', () => {
  let server: CappedServer;
  /** seen is how many malformed-request log lines the tests have looked at. */
  let seen = 0;
  before(async () => {
    server = await startCappedServe();
  });
  after(async () => server.close());

  /** nextMalformed waits for the next malformed-request log line and returns its reason and code. */
  const nextMalformed = async (): Promise<[string, number]> => {
    const malformed = () => server.child.lines.filter((l) => l['msg'] === 'malformed admission request');
    for (let waited = 0; malformed().length <= seen && waited < CLOSE_WAIT_MS; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    const line = malformed()[seen++];
    return [line?.['reason'], line?.['code']];
  };

  /** exchange writes text on a new connection and returns everything the server sends until it closes. */
  const exchange = (text: string): Promise<string> =>
    new Promise((resolve, reject) => {
      let received = '';
      const socket = tls.connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: server.ca }, () => socket.write(text));
      socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
      socket.on('error', () => {});
      socket.on('close', () => {
        clearTimeout(giveUp);
        resolve(received);
      });
      const giveUp = setTimeout(() => {
        socket.destroy();
        reject(new Error(`the server kept the connection for ${CLOSE_WAIT_MS} ms`));
      }, CLOSE_WAIT_MS);
    });
  it('is answered 408 with a metav1.Status once the request timeout passes, and recorded as the 408 it was', async () => {
    const received = await exchange('POST /validate HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"apiVersion":');
    expect(received).to.match(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(received).to.match(/\r\ncontent-type: application\/json\r\n/);
    expect(JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4))).to.include({ kind: 'Status', code: 408, reason: 'Timeout' });
    // The server records the request once its side of the connection has closed, which may come after ours.
    expect(await nextMalformed()).to.deep.equal(['request_timeout', 408]);
  });

  const answers = (received: string) => received.match(/^HTTP\/1\.1 \d+/gm) ?? [];

  for (const [what, path, contentType, status, recorded] of [
    ['an unknown path', '/elsewhere', 'application/json', '404', undefined],
    ['/validate with the wrong content type', '/validate', 'text/plain', '415', 'unsupported_media_type'],
  ] as const) {
    it(`gets one answer, not a second 408, when ${what} is answered before its body stalls`, async () => {
      const received = await exchange(`POST ${path} HTTP/1.1\r\nhost: localhost\r\ncontent-type: ${contentType}\r\ncontent-length: 100\r\n\r\n{"a":`);
      expect(answers(received)).to.deep.equal([`HTTP/1.1 ${status}`]);
      if (recorded) expect(await nextMalformed()).to.deep.equal([recorded, Number(status)]);
    });
  }

  for (const [how, leave] of [
    ['ends its side of the connection', (socket: tls.TLSSocket) => socket.end()],
    ['closes the connection', (socket: tls.TLSSocket) => socket.destroy()],
  ] as const) {
    it(`records a client that ${how} in the middle of the body as aborted, and answers it nothing`, async () => {
      const received = await new Promise<string>((resolve) => {
        let text = '';
        const socket = tls.connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: server.ca }, () => {
          socket.write('POST /validate HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"a":');
          setTimeout(() => leave(socket), 100);
        });
        socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
        socket.on('error', () => {});
        socket.on('close', () => resolve(text));
      });
      expect(received).to.equal('');
      expect(await nextMalformed()).to.deep.equal(['aborted', 400]);
    });
  }

  it('records a body that is not valid chunked HTTP as invalid_http, the 400 it was sent', async () => {
    const received = await exchange('POST /validate HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{"a":\r\n');
    expect(answers(received)).to.deep.equal(['HTTP/1.1 400']);
    expect(await nextMalformed()).to.deep.equal(['invalid_http', 400]);
  });

  it('is answered 400 with a metav1.Status when it is not HTTP at all', async () => {
    const received = await new Promise<string>((resolve) => {
      let text = '';
      const socket = tls.connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: server.ca }, () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
      socket.on('error', () => {});
      socket.on('close', () => resolve(text));
    });
    expect(received).to.match(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4))).to.include({ kind: 'Status', code: 400, reason: 'BadRequest' });
  });

  it('is still serving and ready afterwards, having counted every admission request', async () => {
    // Sent by hand above: the stalled body, the 415, the two aborted ones and the broken chunked one.
    await expectStillServing(server, 5);
  });
});
