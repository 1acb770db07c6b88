/**
 * answerEarly sends the answer to a request refused before its body has all
 * been read (a 405, a 413, a 415), so that the client gets to read it.
 *
 * Closing a connection while the client's bytes are still arriving makes the
 * kernel answer them with a reset, and a reset can discard the answer from
 * the client's buffers before it reads it: the client sees ECONNRESET
 * instead of a 413. So, after RFC 9112 section 9.6, the connection says
 * `Connection: close`, sends the whole answer, and stays open for a short
 * time before it closes, as Go's server waits (rstAvoidanceDelay in
 * net/http) for the client to read the answer; meanwhile it reads and
 * discards the body up to a bounded amount, then stops reading, so that a
 * fast client is held back by TCP rather than by a reset. A body that ends
 * sooner closes it sooner.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** EARLY_ANSWER_LINGER_MS is how long the body is read on after an early answer: Go's server waits 500 ms for the same reason. */
export const EARLY_ANSWER_LINGER_MS = 500;

/** EARLY_ANSWER_DISCARD_BYTES bounds what is read and thrown away meanwhile: as much again as the body limit (MAX_BODY_BYTES). */
export const EARLY_ANSWER_DISCARD_BYTES = 7 * 1024 * 1024;

/** answerEarly answers req with status and body (JSON), then closes its connection once the body ends, or after the linger. */
export function answerEarly(req: IncomingMessage, res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' });
  // All of the answer now; the response ends, and Node closes the connection, only after the linger.
  res.write(body);
  let discarded = 0;
  const finish = (): void => {
    clearTimeout(timer);
    req.off('data', discard);
    if (!res.writableEnded) res.end();
  };
  const discard = (chunk: Buffer): void => {
    discarded += chunk.length;
    // Enough read: the rest waits in the kernel, and the client's writes stall, until the linger ends.
    if (discarded > EARLY_ANSWER_DISCARD_BYTES) req.pause();
  };
  const timer = setTimeout(finish, EARLY_ANSWER_LINGER_MS);
  req.on('data', discard);
  req.once('end', finish);
  res.once('close', finish);
  req.resume();
}
