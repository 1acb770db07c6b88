/**
 * Early answers against the real HTTPS server: a client that is still
 * sending its body, and reads only later, must still read the answer, not a
 * reset (which would destroy it unread); the server must not read an
 * endless body for it.
 */
import { expect } from 'chai';
import tls from 'node:tls';
import { EARLY_ANSWER_DISCARD_BYTES, EARLY_ANSWER_LINGER_MS } from '../../src/server/early-answer.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** BODY_BYTES is a body far over both the body limit and what the server reads after an early answer. */
const BODY_BYTES = 64 * 1024 * 1024;

/** READ_AFTER_MS is when the client starts reading: while it still writes, and before the linger ends. */
const READ_AFTER_MS = EARLY_ANSWER_LINGER_MS / 2;

interface Exchange {
  /** received is every byte the server sent, as text. */
  received: string;
  /** written is how much of the body the client got to write before the connection closed. */
  written: number;
}

/**
 * sendWithoutReading writes head, then body bytes as fast as the connection
 * takes them, and reads nothing before READ_AFTER_MS: what a reset would cost
 * is exactly what sits unread in its buffers.
 */
function sendWithoutReading(server: TestServer, head: string, chunked = false): Promise<Exchange> {
  return new Promise((resolve) => {
    let received = '';
    let written = 0;
    const socket = tls.connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: server.ca }, () => {
      socket.pause();
      socket.write(head);
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const frame = chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk;
      const pump = () => {
        while (written < BODY_BYTES && !socket.destroyed) {
          written += chunk.length;
          if (!socket.write(frame)) return void socket.once('drain', pump);
        }
      };
      pump();
      setTimeout(() => socket.resume(), READ_AFTER_MS);
    });
    socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => resolve({ received, written }));
  });
}

const statusLine = (received: string) => received.slice(0, received.indexOf('\r\n'));
const headers = (received: string) => received.slice(0, received.indexOf('\r\n\r\n')).toLowerCase();

describe('answerEarly', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.close());

  it('gets a 413 for a declared length over the limit to a client that reads only later, and closes', async () => {
    const { received } = await sendWithoutReading(server, `POST /validate HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: ${BODY_BYTES}\r\n\r\n`);
    expect(statusLine(received)).to.equal('HTTP/1.1 413 Payload Too Large');
    expect(headers(received)).to.contain('\r\nconnection: close');
    expect(JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4))).to.include({ kind: 'Status', code: 413, reason: 'RequestEntityTooLarge' });
  });

  it('gets a 413 found in the middle of a chunked body to such a client', async () => {
    const { received } = await sendWithoutReading(server, 'POST /validate HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n', true);
    expect(statusLine(received)).to.equal('HTTP/1.1 413 Payload Too Large');
  });

  it('gets a 415 to such a client', async () => {
    const { received } = await sendWithoutReading(server, `POST /mutate HTTP/1.1\r\nhost: localhost\r\ncontent-type: text/plain\r\ncontent-length: ${BODY_BYTES}\r\n\r\n`);
    expect(statusLine(received)).to.equal('HTTP/1.1 415 Unsupported Media Type');
  });

  it(`reads no more than about ${EARLY_ANSWER_DISCARD_BYTES} bytes of the rest: a fast client is held back, not read to the end`, async () => {
    const { written } = await sendWithoutReading(server, `POST /validate HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: ${BODY_BYTES}\r\n\r\n`);
    expect(written).to.be.below(BODY_BYTES);
  });

  it('still serves afterwards', async () => {
    expect((await server.request({ method: 'GET', path: '/livez' })).status).to.equal(200);
  });
});
