/**
 * GracefulShutdown takes the server down without failing a request.
 *
 * On SIGTERM (what the kubelet sends) or SIGINT:
 *  1. /readyz fails at once, so the endpoints controller takes the pod out
 *     of the Service;
 *  2. the server keeps serving for the shutdown delay, because the API
 *     servers and kube-proxy learn of the change only after a while and keep
 *     sending reviews meanwhile;
 *  3. it drains: it stops the server's KeepAlive, so that every answer from
 *     then on, to a request already in flight or not, says
 *     `Connection: close` and closes its connection (a keep-alive client
 *     then reconnects, through the Service, to another replica), and it
 *     closes a connection without a request in flight only once it has been
 *     quiet for DRAIN_QUIET_MS, so that a request already on its way is
 *     answered rather than reset (connections.ts). It still accepts
 *     connections, and answers them the same way, for a client that has not
 *     heard of the change yet;
 *  4. once no connection has been open for DRAIN_QUIET_MS, or at the
 *     shutdown timeout (closing what is left, logged), it stops listening,
 *     runs the cleanup, and exits 0.
 *
 * While serving it costs nothing per request: no listener, no bookkeeping.
 *
 * A second signal exits at once with 128 + the signal's number (130 for
 * SIGINT, 143 for SIGTERM), as a shell reports a process killed by it.
 * The default delay and timeout (5 s + 15 s) fit within Kubernetes's default
 * terminationGracePeriodSeconds of 30 s.
 */
import type { Logger } from 'pino';
import { errorMessage } from '../core/error-message.js';
import type { WebhookServer } from './webhook-server.js';

/** SIGNAL_EXIT_CODES are 128 + the signal number, the status a second signal exits with. */
export const SIGNAL_EXIT_CODES: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };

/** SHUTDOWN_SIGNALS are the signals that start a graceful shutdown. */
export const SHUTDOWN_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/**
 * DRAIN_QUIET_MS is how long a connection with no request in flight must be
 * quiet before the drain closes it (a client that uses the connection sends
 * its next request within it and gets `Connection: close` with the answer;
 * one that does not is idle, and no request is lost by closing it), and how
 * long the server must have had no connection at all before it stops
 * listening (a client told `Connection: close` reconnects at once).
 */
export const DRAIN_QUIET_MS = 1_000;

/** CLEANUP_TIMEOUT_MS bounds the cleanup (closing the metrics listener, stopping watches) so that it can never hold the exit. */
export const CLEANUP_TIMEOUT_MS = 2_000;

/** ShutdownPhase is where the shutdown is. */
export type ShutdownPhase = 'serving' | 'delaying' | 'draining' | 'exiting';

/** GracefulShutdownOptions configure GracefulShutdown. */
export interface GracefulShutdownOptions {
  /** server is the server to drain: the HTTPS webhook server. */
  server: WebhookServer;
  /** delayMs is how long to keep serving, unready, before draining. */
  delayMs: number;
  /** timeoutMs is how long to wait for in-flight requests once draining. */
  timeoutMs: number;
  logger: Logger;
  /** cleanup runs after the drain and before the exit. */
  cleanup?: () => Promise<void> | void;
  /** exit ends the process (default process.exit); tests pass their own. */
  exit?: (code: number) => void;
}

/** GracefulShutdown runs the shutdown sequence once, on a signal or when asked. */
export class GracefulShutdown {
  private current: ShutdownPhase = 'serving';
  /** abandoned is set by a second signal: the first sequence must do nothing more. */
  private abandoned = false;
  private readonly exit: (code: number) => void;
  private readonly onSignal = (signal: NodeJS.Signals) => void this.shutdown(signal);
  private installed: readonly NodeJS.Signals[] = [];
  private delayTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: GracefulShutdownOptions) {
    this.exit = options.exit ?? ((code) => process.exit(code));
  }

  /** phase is where the shutdown is ('serving' until it starts). */
  get phase(): ShutdownPhase {
    return this.current;
  }

  /** readinessCheck fails from the moment the shutdown starts; register it with Readiness. */
  readonly readinessCheck = (): string | undefined => (this.current === 'serving' ? undefined : 'shutting down');

  /** install makes signals start the shutdown (and a second one end the process). */
  install(signals: readonly NodeJS.Signals[] = SHUTDOWN_SIGNALS): this {
    for (const signal of signals) process.on(signal, this.onSignal);
    this.installed = signals;
    return this;
  }

  /** uninstall removes the signal handlers. */
  uninstall(): void {
    for (const signal of this.installed) process.off(signal, this.onSignal);
    this.installed = [];
  }

  /**
   * shutdown runs the sequence and resolves once exit has been called. Called
   * again while it runs, it exits at once with SIGNAL_EXIT_CODES[signal]
   * (1 for anything else).
   */
  async shutdown(signal: NodeJS.Signals | 'requested'): Promise<void> {
    const { logger, server, delayMs, timeoutMs } = this.options;
    if (this.current !== 'serving') {
      const code = SIGNAL_EXIT_CODES[signal] ?? 1;
      logger.warn({ signal, exit_code: code }, 'second signal during shutdown: exiting at once');
      this.abandoned = true;
      this.current = 'exiting';
      clearTimeout(this.delayTimer);
      this.exit(code);
      return;
    }
    const started = Date.now();
    this.current = 'delaying';
    logger.info({ signal, delay_s: delayMs / 1000, timeout_s: timeoutMs / 1000 }, 'shutting down: /readyz now fails; serving on through the delay');
    await new Promise<void>((resolve) => (this.delayTimer = setTimeout(resolve, delayMs)));
    if (this.abandoned) return;

    this.current = 'draining';
    server.keepAlive.stop();
    server.connections.drain(DRAIN_QUIET_MS);
    logger.info({ connections: server.connections.size }, 'draining: answering with Connection: close; closing each connection once quiet');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    let drained = await Promise.race([server.connections.empty(DRAIN_QUIET_MS).then(() => true), timedOut]);
    // No connection for a while: stop listening, and wait for one accepted in the meantime (still within the timeout).
    if (drained) drained = await Promise.race([new Promise<true>((resolve) => server.close(() => resolve(true))), timedOut]);
    clearTimeout(timer);
    if (this.abandoned) return;
    if (!drained) {
      logger.warn({ timeout_s: timeoutMs / 1000, connections: server.connections.size }, 'shutdown timeout: closing connections with requests still in flight');
      if (server.listening) server.close();
      server.closeAllConnections();
    }

    this.current = 'exiting';
    try {
      let cleanupTimer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.resolve().then(() => this.options.cleanup?.()),
        new Promise((resolve) => (cleanupTimer = setTimeout(resolve, CLEANUP_TIMEOUT_MS))),
      ]).finally(() => clearTimeout(cleanupTimer));
    } catch (e) {
      logger.warn({ error: errorMessage(e) }, 'cleanup failed during shutdown');
    }
    logger.info({ drained, duration_ms: Date.now() - started }, 'exiting');
    this.exit(0);
  }
}
