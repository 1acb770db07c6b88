/**
 * Connections keeps the HTTPS server's open connections and, for each, the
 * response last begun on it, with Node's documented APIs only (the
 * 'secureConnection' and 'close' events, res.headersSent and
 * res.writableFinished), for two questions Node answers only internally:
 *
 *  - is a response in progress on this connection? A parse error or timeout
 *    must then not write an answer into the middle of it (client-errors.ts);
 *  - which connections have no request in flight, so that the drain may
 *    close them (shutdown.ts)?
 *
 * Node's own closeIdleConnections() is no use to the drain: it takes a
 * keep-alive connection for idle from the moment its response is sent, so a
 * client that has already sent its next request (still in the kernel's
 * buffers) loses it to a reset; under load, that is one request per busy
 * connection. Here a connection is closed only once it has also been quiet
 * for a while (drain), and a busy one is told `Connection: close` by its
 * next response instead (keep-alive.ts).
 *
 * While serving it costs one Map.set per request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type https from 'node:https';
import type { Socket } from 'node:net';

/** Connections tracks a server's open connections. */
export class Connections {
  /** open maps each connection past its handshake to the response last begun on it (undefined before its first). */
  private readonly open = new Map<object, ServerResponse | undefined>();
  /** accepted counts the connections accepted and not yet closed, handshakes under way included. */
  private accepted = 0;
  private quietMs: number | undefined;
  private readonly emptied: Array<{ quietMs: number; resolve: () => void }> = [];
  private emptyTimer: NodeJS.Timeout | undefined;

  constructor(server: https.Server) {
    server.on('connection', (socket: Socket) => {
      this.accepted++;
      clearTimeout(this.emptyTimer);
      socket.once('close', () => {
        this.accepted--;
        this.whenEmpty();
      });
    });
    server.on('secureConnection', (socket: Socket) => {
      this.open.set(socket, undefined);
      if (this.quietMs !== undefined) closeWhenQuiet(socket, this.quietMs);
      socket.once('close', () => this.open.delete(socket));
    });
  }

  /** size is the number of open connections, handshakes under way included. */
  get size(): number {
    return this.accepted;
  }

  /** responding records that res answers req, on req's connection. */
  responding(req: IncomingMessage, res: ServerResponse): void {
    if (this.open.has(req.socket)) this.open.set(req.socket, res);
  }

  /** inProgress reports whether a response has begun on socket and not finished. */
  inProgress(socket: object): boolean {
    const res = this.open.get(socket);
    return res !== undefined && res.headersSent && !res.writableFinished;
  }

  /**
   * drain closes every connection without a request in flight once it has
   * been quiet (nothing read or written) for quietMs, and every connection
   * opened from now on likewise. A request that arrives within quietMs is
   * answered, with `Connection: close` once the server's KeepAlive is
   * stopped. A connection with a response in progress is left alone until
   * that response is sent.
   */
  drain(quietMs: number): void {
    this.quietMs = quietMs;
    for (const [socket, res] of this.open) {
      if (res === undefined || res.writableFinished) closeWhenQuiet(socket as Socket, quietMs);
      // Its headers may have said keep-alive: once it is sent, the connection is idle like the others.
      else res.once('finish', () => closeWhenQuiet(socket as Socket, quietMs));
    }
  }

  /**
   * empty resolves once no connection has been open for quietMs: a client
   * told `Connection: close` reconnects at once, and the server should still
   * be there to answer it.
   */
  empty(quietMs: number): Promise<void> {
    return new Promise((resolve) => {
      this.emptied.push({ quietMs, resolve });
      this.whenEmpty();
    });
  }

  private whenEmpty(): void {
    if (this.accepted > 0 || this.emptied.length === 0) return;
    clearTimeout(this.emptyTimer);
    this.emptyTimer = setTimeout(() => {
      if (this.accepted === 0) for (const { resolve } of this.emptied.splice(0)) resolve();
    }, Math.max(...this.emptied.map((e) => e.quietMs)));
  }
}

/**
 * closeWhenQuiet makes Node's HTTP server close socket after quietMs without
 * traffic: it destroys a socket whose timeout fires (socket.setTimeout), and
 * on a kept-alive connection replaces that timeout with the server's own as
 * soon as the next request's first bytes arrive.
 */
function closeWhenQuiet(socket: Socket, quietMs: number): void {
  socket.setTimeout(quietMs);
}
