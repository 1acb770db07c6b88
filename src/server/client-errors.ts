/**
 * answerClientError answers a connection Node's HTTP server gives up on: one
 * whose headers or whole request did not arrive in time (408), or whose
 * request cannot be parsed (400; 431 for headers too large). Node's own
 * answer is a bare status line; this one carries the metav1.Status body
 * every other refusal of this server carries, and then the connection
 * closes, as Node's would.
 *
 * What was answered is remembered per connection (answeredStatus), so that
 * the admission endpoint, which sees only that the body stopped, records
 * the 408 or 400 that was sent. A connection whose request was already
 * answered before its body arrived (a 404, a 415) gets no second answer
 * (answeredEarly): the client is owed nothing more, and a stray 408 would
 * be read as the answer to its next request.
 */
import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { encodeStatus, STATUS_REASONS } from '../admission/encode.js';
import type { Connections } from './connections.js';

/** CLOSE_GRACE_MS bounds how long a closing connection may take to flush the answer before it is destroyed. */
const CLOSE_GRACE_MS = 1_000;

const answered = new WeakMap<object, number>();
const answeredBeforeBody = new WeakSet<object>();

/** answeredStatus is the status answerClientError sent on socket, if it answered one. */
export function answeredStatus(socket: object | null | undefined): number | undefined {
  return socket == null ? undefined : answered.get(socket);
}

/**
 * answeredEarly records that req was answered before its body had all
 * arrived, until the rest of the body has (Node reads it, to keep the
 * connection for the next request).
 */
export function answeredEarly(req: IncomingMessage): void {
  const socket = req.socket;
  if (req.complete || socket == null) return;
  answeredBeforeBody.add(socket);
  req.once('end', () => answeredBeforeBody.delete(socket));
}

/** clientErrorStatus is the status for an error Node's HTTP parser or its timeouts raised. */
function clientErrorStatus(code: string | undefined): number {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  return 400;
}

/** timeoutMessage says what did not arrive in time. */
export function timeoutMessage(headersTimeoutMs: number, requestTimeoutMs: number): string {
  return `request timed out: its headers must arrive within ${headersTimeoutMs / 1000} s and the whole request within ${requestTimeoutMs / 1000} s`;
}

/** CLIENT_WENT_AWAY is the parser's error for a connection the client ended in the middle of a request. */
const CLIENT_WENT_AWAY = 'HPE_INVALID_EOF_STATE';

/**
 * answerClientError is the server's 'clientError' listener. It answers only
 * a connection that can still take one (writable, no response of its own
 * begun, a client still there), and closes it in any case.
 */
export function answerClientError(
  error: NodeJS.ErrnoException,
  socket: Duplex,
  timeouts: { headersTimeoutMs: number; requestTimeoutMs: number },
  connections: Pick<Connections, 'inProgress'>,
): void {
  const status = clientErrorStatus(error.code);
  if (!socket.writable || error.code === CLIENT_WENT_AWAY || connections.inProgress(socket) || answeredBeforeBody.has(socket)) {
    socket.destroy();
    return;
  }
  answered.set(socket, status);
  const message = status === 408 ? timeoutMessage(timeouts.headersTimeoutMs, timeouts.requestTimeoutMs) : `the request could not be read as HTTP/1.1 (${error.code ?? 'parse error'})`;
  const body = encodeStatus(status, STATUS_REASONS[status] ?? 'BadRequest', message);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
  setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
}
