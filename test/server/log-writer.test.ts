import { expect } from 'chai';
import { EXIT_FLUSH_TIMEOUT_MS, type FileWrites, LogWriter, RETRY_MS } from '../../src/server/log-writer.js';

type Callback = (error: NodeJS.ErrnoException | null, written: number) => void;

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(code), { code });
}

/** FakeFiles holds each asynchronous write until the test completes it, and records what was written. */
class FakeFiles implements FileWrites {
  readonly written: string[] = [];
  readonly pending: Array<{ data: Buffer; callback: Callback }> = [];
  syncErrors: string[] = [];

  write(_fd: number, buffer: Buffer, offset: number, length: number, _position: null, callback: Callback): void {
    this.pending.push({ data: Buffer.from(buffer.subarray(offset, offset + length)), callback });
  }

  writeSync(_fd: number, buffer: Buffer, offset: number, length: number): number {
    const code = this.syncErrors.shift();
    if (code) throw errno(code);
    this.written.push(buffer.subarray(offset, offset + length).toString('utf8'));
    return length;
  }

  /** complete finishes the oldest write: all of it, `bytes` of it, or with an error. */
  complete(outcome: { bytes?: number; error?: string } = {}): string {
    const { data, callback } = this.pending.shift()!;
    if (outcome.error) {
      callback(errno(outcome.error), 0);
      return '';
    }
    const bytes = outcome.bytes ?? data.length;
    this.written.push(data.subarray(0, bytes).toString('utf8'));
    callback(null, bytes);
    return data.toString('utf8');
  }
}

function writerWith(files: FakeFiles, maxQueueBytes = 1 << 20, dropped: number[] = []): LogWriter {
  return new LogWriter(1, { batchChars: 10, maxQueueBytes, files, onDrop: (lines) => dropped.push(lines) });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('LogWriter', () => {
  it('writes nothing until a batch is full, then the batch in one write, lines in order', () => {
    const files = new FakeFiles();
    const writer = writerWith(files);
    writer.write('aaaa\n');
    expect(files.pending).to.have.length(0);
    writer.write('bbbb\n');
    expect(files.pending).to.have.length(1);
    expect(files.complete()).to.equal('aaaa\nbbbb\n');
  });

  it('queues batches behind the write in flight and sends them together in the next write', () => {
    const files = new FakeFiles();
    const writer = writerWith(files);
    writer.write('one-------\n');
    writer.write('two-------\n');
    writer.write('three-----\n');
    expect(files.pending).to.have.length(1);
    files.complete();
    expect(files.pending).to.have.length(1);
    files.complete();
    expect(files.written).to.deep.equal(['one-------\n', 'two-------\nthree-----\n']);
  });

  it('sends a partial batch on flush, and nothing when nothing is gathered', () => {
    const files = new FakeFiles();
    const writer = writerWith(files);
    writer.flush();
    expect(files.pending).to.have.length(0);
    writer.write('x\n');
    writer.flush();
    expect(files.complete()).to.equal('x\n');
  });

  it('continues a partial write where it stopped', () => {
    const files = new FakeFiles();
    const writer = writerWith(files);
    writer.write('0123456789\n');
    files.complete({ bytes: 4 });
    expect(files.complete()).to.equal('456789\n');
    expect(files.written.join('')).to.equal('0123456789\n');
  });

  it('retries after EAGAIN', async () => {
    const files = new FakeFiles();
    const writer = writerWith(files);
    writer.write('0123456789\n');
    files.complete({ error: 'EAGAIN' });
    expect(files.pending).to.have.length(0);
    await sleep(RETRY_MS * 3);
    expect(files.complete()).to.equal('0123456789\n');
  });

  it('drops what waits, and every later line, once stdout is gone (EPIPE), and counts them', () => {
    const files = new FakeFiles();
    const dropped: number[] = [];
    const writer = writerWith(files, 1 << 20, dropped);
    writer.write('a---------\n');
    writer.write('b---------\n');
    writer.write('c---------\n');
    files.complete({ error: 'EPIPE' });
    expect(dropped).to.deep.equal([3]);
    writer.write('d---------\n');
    writer.flushSync();
    expect(dropped).to.deep.equal([3, 1]);
    expect(files.pending).to.have.length(0);
    expect(files.written).to.deep.equal([]);
  });

  it('drops a batch that would take the queue past its bound, and counts its lines', () => {
    const files = new FakeFiles();
    const dropped: number[] = [];
    const writer = writerWith(files, 30, dropped);
    writer.write('in flight-\n');
    writer.write('queued----\n');
    writer.write('queued----\n');
    writer.write('too much--\n');
    expect(dropped).to.deep.equal([1]);
    files.complete();
    files.complete();
    expect(files.written).to.deep.equal(['in flight-\n', 'queued----\nqueued----\n']);
  });

  it('flushSync writes the queue and the gathered lines at once, in order, retrying a full pipe', () => {
    const files = new FakeFiles();
    const writer = writerWith(files);
    writer.write('in flight-\n');
    writer.write('queued----\n');
    writer.write('gathered\n');
    files.syncErrors = ['EAGAIN', 'EAGAIN'];
    writer.flushSync();
    expect(files.written).to.deep.equal(['queued----\ngathered\n']);
    expect(files.pending).to.have.length(1, 'the write in flight is left to the thread pool');
  });

  it('flushSync gives up on a pipe that stays full', () => {
    const files = new FakeFiles();
    const writer = writerWith(files);
    writer.write('x\n');
    files.syncErrors = Array.from({ length: 100_000 }, () => 'EAGAIN');
    const started = Date.now();
    writer.flushSync();
    expect(Date.now() - started).to.be.within(EXIT_FLUSH_TIMEOUT_MS, EXIT_FLUSH_TIMEOUT_MS * 3);
    expect(files.written).to.deep.equal([]);
  });

  it('calls a flush callback once everything queued is written', async () => {
    const files = new FakeFiles();
    const writer = writerWith(files);
    writer.write('one-------\n');
    let called = false;
    writer.write('two\n');
    writer.flush(() => (called = true));
    files.complete();
    expect(called).to.equal(false);
    files.complete();
    expect(called).to.equal(true);
  });
});
