/**
 * LogWriter is pino's destination for JSON lines on stdout: it gathers lines
 * into batches and writes each batch with one non-blocking write, so that a
 * log call on the request path costs an array push, and never waits for the
 * log collector.
 *
 * - A batch goes out once it holds LogWriterOptions.batchChars characters,
 *   or when flush is called (createLogger calls it on a timer).
 * - Writes are synchronous calls on a descriptor that never blocks (a pipe
 *   or socket made non-blocking, see createLogger; or a file). What the
 *   kernel does not take at once (EAGAIN, or a partial write: the reader is
 *   behind) stays queued and is retried after RETRY_MS. The queue is bounded:
 *   a batch that would take it past maxQueueBytes is dropped and its lines
 *   reported, so a stalled log collector costs log lines, never the pod's
 *   memory. Any other error (EPIPE: nobody reads stdout any more) drops what
 *   is queued and everything after it.
 * - flushSync writes the queue before returning, for the process's exit.
 *   Because no write is ever left to another thread, the lines it writes are
 *   all that is left, and they follow everything written before them.
 *
 * pino.destination (sonic-boom) does the same job; measured under load it
 * cost about 7 % more CPU per review, even when handed whole batches
 * (README, Performance). An earlier LogWriter wrote through libuv's thread
 * pool; at exit a batch still in flight there could land after the lines
 * flushSync wrote, out of order (a CI run caught it).
 */
import fs from 'node:fs';

/** RETRY_MS is how long a write waits after the kernel took less than all of it before it tries again. */
export const RETRY_MS = 10;

/** EXIT_FLUSH_TIMEOUT_MS bounds how long flushSync keeps retrying a full pipe at exit. */
export const EXIT_FLUSH_TIMEOUT_MS = 1_000;

/** FileWrites is the one call LogWriter makes (node:fs; tests pass their own). */
export interface FileWrites {
  writeSync(fd: number, buffer: Buffer, offset: number, length: number): number;
}

/** LogWriterOptions configure a LogWriter. */
export interface LogWriterOptions {
  /** batchChars is how many characters gather before one write. */
  batchChars: number;
  /** maxQueueBytes bounds what waits for the reader. */
  maxQueueBytes: number;
  /** onDrop is told how many lines were dropped. */
  onDrop?: (lines: number) => void;
  files?: FileWrites;
}

/** Attempt is how one write went: the kernel took some bytes, none for now (EAGAIN), or stdout is gone. */
type Attempt = 'progress' | 'again' | 'broken';

/** LogWriter writes pino's lines to a file descriptor in batches. */
export class LogWriter {
  private lines: string[] = [];
  private chars = 0;
  /** queue holds the batches not yet written, oldest first, and lineCounts their lines; written is how much of queue[0] is. */
  private queue: Buffer[] = [];
  private lineCounts: number[] = [];
  private queuedBytes = 0;
  private written = 0;
  private retry: NodeJS.Timeout | undefined;
  private broken = false;
  private waiters: Array<() => void> = [];
  private readonly files: FileWrites;

  constructor(
    private readonly fd: number,
    private readonly options: LogWriterOptions,
  ) {
    this.files = options.files ?? fs;
  }

  /** write takes one line (pino's, newline included). */
  write(line: string): void {
    this.lines.push(line);
    this.chars += line.length;
    if (this.chars >= this.options.batchChars) this.flush();
  }

  /**
   * flush sends the lines gathered so far; with a callback (pino's
   * logger.flush(callback)), it is called once everything queued is written.
   */
  flush(callback?: () => void): void {
    this.gather();
    if (this.retry === undefined) this.drain();
    if (callback) {
      if (this.queue.length === 0) setImmediate(callback);
      else this.waiters.push(callback);
    }
  }

  /** flushSync writes everything queued before returning, retrying a full pipe for at most EXIT_FLUSH_TIMEOUT_MS. */
  flushSync(): void {
    this.gather();
    clearTimeout(this.retry);
    this.retry = undefined;
    const deadline = Date.now() + EXIT_FLUSH_TIMEOUT_MS;
    while (!this.writeQueued()) {
      if (Date.now() > deadline) return;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
    this.wake();
  }

  /** gather turns the lines gathered so far into a batch on the queue. */
  private gather(): void {
    if (this.lines.length === 0) return;
    const data = Buffer.from(this.lines.length === 1 ? this.lines[0]! : this.lines.join(''), 'utf8');
    const lines = this.lines.length;
    this.lines = [];
    this.chars = 0;
    if (this.broken || this.queuedBytes + data.length > this.options.maxQueueBytes) {
      this.options.onDrop?.(lines);
      return;
    }
    this.queue.push(data);
    this.lineCounts.push(lines);
    this.queuedBytes += data.length;
  }

  /** drain writes the queue; what the kernel does not take now is tried again after RETRY_MS. */
  private drain(): void {
    if (this.writeQueued()) {
      this.wake();
      return;
    }
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.drain();
    }, RETRY_MS).unref();
  }

  /** writeQueued writes batches until the queue is empty or stdout is gone (true), or until the kernel takes no more for now (false). */
  private writeQueued(): boolean {
    while (this.queue.length > 0) {
      const attempt = this.attempt();
      if (attempt === 'broken') return true;
      if (attempt === 'again') return false;
    }
    return true;
  }

  /** attempt writes what the kernel takes of the oldest batch. */
  private attempt(): Attempt {
    const batch = this.queue[0]!;
    let bytes: number;
    try {
      bytes = this.files.writeSync(this.fd, batch, this.written, batch.length - this.written);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') return 'again';
      this.break();
      return 'broken';
    }
    if (bytes <= 0) return 'again';
    this.written += bytes;
    if (this.written >= batch.length) {
      this.queue.shift();
      this.lineCounts.shift();
      this.queuedBytes -= batch.length;
      this.written = 0;
      return 'progress';
    }
    // A partial write: the pipe is full, so wait for the reader rather than ask again at once.
    return 'again';
  }

  /** break drops what is queued, and every line after it: stdout is gone for good. */
  private break(): void {
    this.broken = true;
    this.options.onDrop?.(this.lineCounts.reduce((sum, n) => sum + n, 0));
    this.queue = [];
    this.lineCounts = [];
    this.queuedBytes = 0;
    this.written = 0;
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}
