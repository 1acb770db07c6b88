import { expect } from 'chai';
import { EXIT_FLUSH_TIMEOUT_MS, type FileWrites, LogWriter, RETRY_MS } from '../../src/server/log-writer.js';

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(code), { code });
}

/**
 * FakeFiles is a descriptor whose next writes the test scripts: each takes
 * all it is given unless an outcome says otherwise (only `bytes` of it, or an
 * error such as EAGAIN). It records what was written.
 */
class FakeFiles implements FileWrites {
  readonly written: string[] = [];
  outcomes: Array<{ bytes?: number; error?: string }> = [];
  calls = 0;

  writeSync(_fd: number, buffer: Buffer, offset: number, length: number): number {
    this.calls++;
    const outcome = this.outcomes.shift() ?? {};
    if (outcome.error) throw errno(outcome.error);
    const bytes = Math.min(length, outcome.bytes ?? length);
    this.written.push(buffer.subarray(offset, offset + bytes).toString('utf8'));
    return bytes;
  }

  get text(): string {
    return this.written.join('');
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
    expect(files.calls).to.equal(0);
    writer.write('bbbb\n');
    expect(files.written).to.deep.equal(['aaaa\nbbbb\n']);
  });

  it('sends a partial batch on flush, and nothing when nothing is gathered', () => {
    const files = new FakeFiles();
    const writer = writerWith(files);
    writer.flush();
    expect(files.calls).to.equal(0);
    writer.write('x\n');
    writer.flush();
    expect(files.written).to.deep.equal(['x\n']);
  });

  it('continues a partial write where it stopped, after RETRY_MS, with later batches behind it in order', async () => {
    const files = new FakeFiles();
    const writer = writerWith(files);
    files.outcomes = [{ bytes: 4 }];
    writer.write('0123456789\n');
    writer.write('next------\n');
    expect(files.text).to.equal('0123');
    await sleep(RETRY_MS * 3);
    expect(files.text).to.equal('0123456789\nnext------\n');
  });

  it('retries after EAGAIN (the reader is behind) without blocking, and keeps the order', async () => {
    const files = new FakeFiles();
    const writer = writerWith(files);
    files.outcomes = [{ error: 'EAGAIN' }, { error: 'EAGAIN' }];
    writer.write('one-------\n');
    writer.write('two-------\n');
    expect(files.written).to.deep.equal([]);
    await sleep(RETRY_MS * 5);
    expect(files.text).to.equal('one-------\ntwo-------\n');
  });

  it('drops what waits, and every later line, once stdout is gone (EPIPE), and counts them', () => {
    const files = new FakeFiles();
    const dropped: number[] = [];
    const writer = writerWith(files, 1 << 20, dropped);
    files.outcomes = [{ error: 'EPIPE' }];
    writer.write('a---------\n');
    expect(dropped).to.deep.equal([1]);
    writer.write('b---------\n');
    writer.write('c\n');
    writer.flushSync();
    expect(dropped).to.deep.equal([1, 1, 1]);
    expect(files.written).to.deep.equal([]);
    expect(files.calls).to.equal(1);
  });

  it('drops a batch that would take the queue past its bound while the reader is stalled, and counts its lines', () => {
    const files = new FakeFiles();
    const dropped: number[] = [];
    const writer = writerWith(files, 30, dropped);
    files.outcomes = Array.from({ length: 10 }, () => ({ error: 'EAGAIN' }));
    writer.write('queued-1--\n');
    writer.write('queued-2--\n');
    writer.write('too much--\n');
    expect(dropped).to.deep.equal([1]);
    files.outcomes = [];
    writer.flushSync();
    expect(files.text).to.equal('queued-1--\nqueued-2--\n');
  });

  it('flushSync writes the queue and the gathered lines at once, in order, retrying a full pipe, and no retry writes them again', async () => {
    const files = new FakeFiles();
    const writer = writerWith(files);
    files.outcomes = [{ bytes: 3 }, { error: 'EAGAIN' }, { error: 'EAGAIN' }];
    writer.write('queued----\n');
    writer.write('gathered\n');
    writer.flushSync();
    expect(files.text).to.equal('queued----\ngathered\n');
    const calls = files.calls;
    await sleep(RETRY_MS * 3);
    expect(files.calls).to.equal(calls);
  });

  it('flushSync gives up on a pipe that stays full', () => {
    const files = new FakeFiles();
    const writer = writerWith(files);
    files.outcomes = Array.from({ length: 100_000 }, () => ({ error: 'EAGAIN' }));
    writer.write('x\n');
    const started = Date.now();
    writer.flushSync();
    expect(Date.now() - started).to.be.within(EXIT_FLUSH_TIMEOUT_MS, EXIT_FLUSH_TIMEOUT_MS * 3);
    expect(files.written).to.deep.equal([]);
  });

  it('calls a flush callback once everything queued is written', async () => {
    const files = new FakeFiles();
    const writer = writerWith(files);
    files.outcomes = [{ error: 'EAGAIN' }];
    writer.write('one\n');
    let called = false;
    writer.flush(() => (called = true));
    expect(called).to.equal(false);
    await sleep(RETRY_MS * 3);
    expect(files.text).to.equal('one\n');
    expect(called).to.equal(true);
  });
});
