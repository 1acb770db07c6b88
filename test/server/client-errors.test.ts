import { expect } from 'chai';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { Duplex } from 'node:stream';
import { answerClientError, answeredEarly, answeredStatus, timeoutMessage } from '../../src/server/client-errors.js';

const TIMEOUTS = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000 };
const IDLE = { inProgress: () => false };

/** Socket is a connection that records what was written to it and whether it was destroyed. */
interface Socket {
  stream: Duplex;
  written: () => string;
}

function socket(): Socket {
  const chunks: Buffer[] = [];
  const stream = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback();
    },
  });
  return { stream, written: () => Buffer.concat(chunks).toString('utf8') };
}

/** parserError is an error as Node's HTTP parser raises it, with code. */
function parserError(code?: string): NodeJS.ErrnoException {
  return Object.assign(new Error('parse'), code === undefined ? {} : { code });
}

/** response is the whole HTTP/1.1 answer with a metav1.Status body. */
function response(code: number, statusText: string, reason: string, message: string): string {
  const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
  return `HTTP/1.1 ${code} ${statusText}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`;
}

/** requestOn is a request on stream whose body has not all arrived. */
function requestOn(stream: Duplex): IncomingMessage {
  return Object.assign(new EventEmitter(), { complete: false, socket: stream }) as unknown as IncomingMessage;
}

describe('client-errors', () => {
  describe('timeoutMessage', () => {
    it('says both limits in seconds', () => {
      expect(timeoutMessage(10_000, 1_500)).to.equal('request timed out: its headers must arrive within 10 s and the whole request within 1.5 s');
    });
  });

  describe('answerClientError', () => {
    context('when the connection can still take an answer', () => {
      const cases: [string, string | undefined, string][] = [
        ['a timeout is a 408 that says what did not arrive', 'ERR_HTTP_REQUEST_TIMEOUT', response(408, 'Request Timeout', 'Timeout', timeoutMessage(10_000, 30_000))],
        ['headers too large are a 431', 'HPE_HEADER_OVERFLOW', response(431, 'Request Header Fields Too Large', 'BadRequest', 'the request could not be read as HTTP/1.1 (HPE_HEADER_OVERFLOW)')],
        ['a parse error is a 400 naming it', 'HPE_INVALID_METHOD', response(400, 'Bad Request', 'BadRequest', 'the request could not be read as HTTP/1.1 (HPE_INVALID_METHOD)')],
        ['an error without a code is a 400', undefined, response(400, 'Bad Request', 'BadRequest', 'the request could not be read as HTTP/1.1 (parse error)')],
      ];
      for (const [name, code, answer] of cases) {
        it(name, () => {
          const s = socket();
          answerClientError(parserError(code), s.stream, TIMEOUTS, IDLE);
          expect({ written: s.written(), ended: s.stream.writableEnded, status: answeredStatus(s.stream) }).to.deep.equal({
            written: answer,
            ended: true,
            status: Number(answer.slice(9, 12)),
          });
        });
      }
    });

    context('when the connection is owed no answer', () => {
      const cases: [string, string, (s: Duplex) => void, Pick<Parameters<typeof answerClientError>[3], 'inProgress'>][] = [
        ['the client went away mid-request', 'HPE_INVALID_EOF_STATE', () => {}, IDLE],
        ['the socket can no longer be written', 'ERR_HTTP_REQUEST_TIMEOUT', (s) => s.end(), IDLE],
        ['a response of its own is under way', 'ERR_HTTP_REQUEST_TIMEOUT', () => {}, { inProgress: () => true }],
        ['the request was answered before its body arrived', 'ERR_HTTP_REQUEST_TIMEOUT', (s) => answeredEarly(requestOn(s)), IDLE],
      ];
      for (const [name, code, prepare, connections] of cases) {
        it(`destroys it without a word when ${name}`, () => {
          const s = socket();
          prepare(s.stream);
          answerClientError(parserError(code), s.stream, TIMEOUTS, connections);
          expect({ written: s.written(), destroyed: s.stream.destroyed, status: answeredStatus(s.stream) }).to.deep.equal({ written: '', destroyed: true, status: undefined });
        });
      }
    });
  });

  describe('answeredEarly', () => {
    context('when the rest of the body arrives', () => {
      it('no longer spares the connection an answer', () => {
        const s = socket();
        const request = requestOn(s.stream);
        answeredEarly(request);
        request.emit('end');
        answerClientError(parserError('ERR_HTTP_REQUEST_TIMEOUT'), s.stream, TIMEOUTS, IDLE);
        expect(answeredStatus(s.stream)).to.equal(408);
      });
    });

    context('when the body had already arrived', () => {
      it('records nothing', () => {
        const s = socket();
        answeredEarly(Object.assign(requestOn(s.stream), { complete: true }));
        answerClientError(parserError('ERR_HTTP_REQUEST_TIMEOUT'), s.stream, TIMEOUTS, IDLE);
        expect(answeredStatus(s.stream)).to.equal(408);
      });
    });
  });

  describe('answeredStatus', () => {
    for (const [name, value] of [['no socket', null], ['undefined', undefined], ['a socket never answered', {}]] as const) {
      it(`is undefined for ${name}`, () => {
        expect(answeredStatus(value)).to.equal(undefined);
      });
    }
  });
});
