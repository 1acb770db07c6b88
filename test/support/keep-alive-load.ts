/**
 * Test support: load as the API server puts it on a webhook. Like Go's
 * net/http Transport (which the API server's webhook client uses), it keeps a
 * pool of connections and sends each request on an idle one, opens a new one
 * when none is idle, drops a connection its answer closed (`Connection:
 * close`), and never retries a POST that failed. Every failure is counted
 * apart by what it was: an HTTP status other than 200, or a socket error
 * (reset, hang-up, refused), which is what a drain must never cause.
 */
import https from 'node:https';

/** LoadOptions say where to send what, on how many connections at once. */
export interface LoadOptions {
  port: number;
  ca: string | Buffer;
  body: string;
  path?: '/validate' | '/mutate';
  /** connections is how many requests are in flight at once, each on its own connection. */
  connections: number;
}

/** LoadResult is what the load saw. */
export interface LoadResult {
  /** answered counts requests answered 200. */
  answered: number;
  /** statuses lists every other HTTP status received. */
  statuses: number[];
  /** socketErrors lists every request that failed below HTTP, by error code. */
  socketErrors: string[];
  /** closedByAnswer counts answers that said `Connection: close`. */
  closedByAnswer: number;
  /** connectionsOpened counts the TLS connections the pool opened. */
  connectionsOpened: number;
}

/** KeepAliveLoad runs until stop() and then reports. */
export class KeepAliveLoad {
  private readonly agent: https.Agent;
  private readonly result: LoadResult = { answered: 0, statuses: [], socketErrors: [], closedByAnswer: 0, connectionsOpened: 0 };
  private stopped = false;
  private readonly workers: Promise<void>[];

  constructor(private readonly options: LoadOptions) {
    const result = this.result;
    // createConnection is the documented hook where an agent opens a connection.
    class CountingAgent extends https.Agent {
      override createConnection(...args: Parameters<https.Agent['createConnection']>): ReturnType<https.Agent['createConnection']> {
        result.connectionsOpened++;
        return super.createConnection(...args);
      }
    }
    this.agent = new CountingAgent({ ca: options.ca, keepAlive: true, maxSockets: options.connections, scheduling: 'lifo' });
    this.workers = Array.from({ length: options.connections }, () => this.work());
  }

  /** stop lets every request in flight finish, sends no more, and reports. */
  async stop(): Promise<LoadResult> {
    this.stopped = true;
    await Promise.all(this.workers);
    this.agent.destroy();
    return this.result;
  }

  /** sent is how many requests have been answered or have failed so far. */
  get sent(): number {
    return this.result.answered + this.result.statuses.length + this.result.socketErrors.length;
  }

  private async work(): Promise<void> {
    while (!this.stopped) await this.once();
  }

  private once(): Promise<void> {
    return new Promise((resolve) => {
      const { port, body, path = '/validate' } = this.options;
      const req = https.request(
        { host: '127.0.0.1', servername: 'localhost', port, path, method: 'POST', agent: this.agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) this.result.answered++;
            else this.result.statuses.push(res.statusCode ?? 0);
            if (res.headers.connection === 'close') this.result.closedByAnswer++;
            resolve();
          });
          res.on('error', (e: NodeJS.ErrnoException) => {
            this.result.socketErrors.push(e.code ?? e.message);
            resolve();
          });
        },
      );
      req.on('error', (e: NodeJS.ErrnoException) => {
        this.result.socketErrors.push(e.code ?? e.message);
        resolve();
      });
      req.end(body);
    });
  }
}
