/**
 * LogWriter is pino's destination for JSON lines on stdout: it gathers lines
 * into batches and writes each batch with one asynchronous write, so that a
 * log call on the request path costs an array push, never a blocking write.
 *
 * - A batch goes out once it holds LogWriterOptions.batchChars characters,
 *   or when flush is called (createLogger calls it on a timer).
 * - One write is in flight at a time; batches that arrive meanwhile queue and
 *   go out together in the next write. The queue is bounded: a batch that
 *   would take it past maxQueueBytes is dropped and its lines reported, so a
 *   stalled log collector costs log lines, never the pod's memory.
 * - A partial write continues where it stopped; EAGAIN (a non-blocking pipe
 *   that is full) retries after RETRY_MS; any other error (EPIPE: nobody reads
 *   stdout any more) drops what is queued and everything after it.
 * - flushSync writes the queue synchronously, for the process's exit.
 *
 * pino.destination (sonic-boom) does the same job; measured under load it
 * cost about 7 % more CPU per review, even when handed whole batches
 * (README, Performance), and it starts an asynchronous write from the exit
 * flush, which can lose the last lines of a process that exits at once.
 */
import fs from 'node:fs';

/** RETRY_MS is how long a write waits after EAGAIN before it tries again. */
export const RETRY_MS = 10;

/** EXIT_FLUSH_TIMEOUT_MS bounds how long flushSync keeps retrying a full pipe at exit. */
export const EXIT_FLUSH_TIMEOUT_MS = 1_000;

/** FileWrites are the two calls LogWriter makes (node:fs; tests pass their own). */
export interface FileWrites {
  write(fd: number, buffer: Buffer, offset: number, length: number, position: null, callback: (error: NodeJS.ErrnoException | null, written: number) => void): void;
  writeSync(fd: number, buffer: Buffer, offset: number, length: number): number;
}

/** LogWriterOptions configure a LogWriter. */
export interface LogWriterOptions {
  /** batchChars is how many characters gather before one write. */
  batchChars: number;
  /** maxQueueBytes bounds what waits for the write in flight. */
  maxQueueBytes: number;
  /** onDrop is told how many lines were dropped. */
  onDrop?: (lines: number) => void;
  files?: FileWrites;
}

/** LogWriter writes pino's lines to a file descriptor in batches. */
export class LogWriter {
  private lines: string[] = [];
  private chars = 0;
  /** queue holds the batches waiting for the write in flight, and lineCounts their lines. */
  private queue: Buffer[] = [];
  private lineCounts: number[] = [];
  private queuedBytes = 0;
  /** inFlight is what the write in flight still has to write (undefined when none is), and inFlightLines its lines. */
  private inFlight: Buffer | undefined;
  private inFlightLines = 0;
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
    const batch = this.takeBatch();
    if (batch) this.enqueue(batch.data, batch.lines);
    if (this.inFlight === undefined && this.queue.length > 0) this.writeQueue();
    if (callback) {
      if (this.inFlight === undefined) setImmediate(callback);
      else this.waiters.push(callback);
    }
  }

  /**
   * flushSync writes everything queued before returning, retrying a full
   * pipe for at most EXIT_FLUSH_TIMEOUT_MS. A write already in flight is left
   * to the thread pool, which has it under way.
   */
  flushSync(): void {
    const batch = this.takeBatch();
    if (batch) this.enqueue(batch.data, batch.lines);
    if (this.broken || this.queue.length === 0) return;
    const data = Buffer.concat(this.queue);
    this.queue = [];
    this.lineCounts = [];
    this.queuedBytes = 0;
    const deadline = Date.now() + EXIT_FLUSH_TIMEOUT_MS;
    let offset = 0;
    while (offset < data.length) {
      try {
        offset += this.files.writeSync(this.fd, data, offset, data.length - offset);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN' || Date.now() > deadline) return;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
      }
    }
  }

  private takeBatch(): { data: Buffer; lines: number } | undefined {
    if (this.lines.length === 0) return undefined;
    const data = Buffer.from(this.lines.length === 1 ? this.lines[0]! : this.lines.join(''), 'utf8');
    const lines = this.lines.length;
    this.lines = [];
    this.chars = 0;
    return { data, lines };
  }

  private enqueue(data: Buffer, lines: number): void {
    if (this.broken || this.queuedBytes + data.length > this.options.maxQueueBytes) {
      this.options.onDrop?.(lines);
      return;
    }
    this.queue.push(data);
    this.lineCounts.push(lines);
    this.queuedBytes += data.length;
  }

  private writeQueue(): void {
    const data = this.queue.length === 1 ? this.queue[0]! : Buffer.concat(this.queue, this.queuedBytes);
    this.inFlightLines = this.lineCounts.reduce((sum, n) => sum + n, 0);
    this.queue = [];
    this.lineCounts = [];
    this.queuedBytes = 0;
    this.writeOut(data);
  }

  private writeOut(data: Buffer): void {
    this.inFlight = data;
    this.files.write(this.fd, data, 0, data.length, null, (error, written) => this.written(error, written));
  }

  private written(error: NodeJS.ErrnoException | null, written: number): void {
    const data = this.inFlight!;
    if (error) {
      if (error.code === 'EAGAIN') {
        setTimeout(() => this.writeOut(data), RETRY_MS).unref();
        return;
      }
      // stdout is gone for good: what waits, and every line after it, is dropped.
      this.broken = true;
      this.options.onDrop?.(this.inFlightLines + this.lineCounts.reduce((sum, n) => sum + n, 0));
      this.queue = [];
      this.lineCounts = [];
      this.queuedBytes = 0;
      this.inFlight = undefined;
      this.wake();
      return;
    }
    if (written < data.length) {
      this.writeOut(data.subarray(written));
      return;
    }
    this.inFlight = undefined;
    if (this.queue.length > 0) this.writeQueue();
    else this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}
