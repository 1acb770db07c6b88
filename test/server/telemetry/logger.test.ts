import { expect } from 'chai';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { createLogger, EXIT_FLUSH_TIMEOUT_MS } from '../../../src/server/telemetry/logger.js';

/**
 * BUILT_LOGGER is the logger as it ships (dist/, built by `npm test`'s
 * pretest), for the tests that run it in a child process on plain node,
 * with a real pipe on stdout: tsx would change what they check (it touches
 * stdout itself).
 */
const BUILT_LOGGER = new URL('../../../dist/server/telemetry/logger.js', import.meta.url).href;

/** spawnChild runs script as an ES module in a child process with stdout and stderr piped. */
function spawnChild(script: string) {
  return spawn(process.execPath, ['--input-type=module', '-e', `const { createLogger } = await import(${JSON.stringify(BUILT_LOGGER)});\n${script}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** within resolves as promise does, or rejects with why once ms have passed: a hung child must not hang the suite. */
async function within<T>(promise: Promise<T>, ms: number, why: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(why)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** numbersIn reads the `i` field of every JSON line in stdout. */
function numbersIn(stdout: string): number[] {
  return stdout
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => (JSON.parse(line) as { i: number }).i);
}

describe('createLogger', () => {
  context('in json format', () => {
    it('writes one JSON object per line with a level name and an ISO time, nothing else added', () => {
      const lines: string[] = [];
      const destination = new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString('utf8'));
          done();
        },
      });
      const logger = createLogger({ level: 'info', format: 'json', destination });
      logger.info({ port: 8443, skipped: undefined }, 'listening');
      logger.debug('hidden');
      expect(lines).to.have.length(1);
      expect(lines[0]).to.match(/\n$/);
      const { time, ...line } = JSON.parse(lines[0]!) as Record<string, unknown>;
      expect(time).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(line).to.deep.equal({ level: 'info', port: 8443, msg: 'listening' });
    });

    it("writes a quiet server's line within the flush interval, without waiting for more lines", async () => {
      // Logs one line and then idles until it is killed: no exit flush can help.
      const child = spawnChild(`createLogger({ level: 'info', format: 'json' }).info('alone'); setInterval(() => {}, 1000);`);
      try {
        const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
        expect(JSON.parse(chunk.toString('utf8'))).to.include({ level: 'info', msg: 'alone' });
      } finally {
        child.kill('SIGKILL');
      }
    });

    it('writes every line, in order, when the process exits at once with lines buffered', async () => {
      const script = `
        const { createLogger } = await import(${JSON.stringify(BUILT_LOGGER)});
        const logger = createLogger({ level: 'info', format: 'json' });
        for (let i = 0; i < 2000; i++) logger.info({ i }, 'line');
        process.exit(0);
      `;
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { maxBuffer: 16 * 1024 * 1024 });
      expect(numbersIn(stdout)).to.deep.equal(Array.from({ length: 2000 }, (_, i) => i));
    });

    it('never waits for a stdout nobody reads: it drops and counts the lines past the bounded buffer, and writes the rest in order', async () => {
      // 20,000 lines (1.2 MB), 500 every 2 ms, into a pipe this test does not read yet: the pipe fills, then
      // the buffer. 200 ms after the last, the child reports what it dropped, and once this test reads, it
      // flushes and exits.
      const child = spawnChild(`
        let dropped = 0;
        const logger = createLogger({ level: 'info', format: 'json', maxBufferBytes: 65536, onDrop: (lines) => (dropped += lines) });
        let i = 0;
        const burst = () => {
          for (const end = i + 500; i < end; i++) logger.info({ i }, 'line');
          if (i < 20000) return setTimeout(burst, 2);
          setTimeout(() => {
            process.stderr.write(String(dropped));
            logger.flush(() => process.exit(0));
          }, 200);
        };
        burst();
      `);
      child.stdout.pause();
      let stdout = '';
      try {
        const [report] = (await within(once(child.stderr, 'data'), 10_000, 'the child never reported: it is blocked writing to a stdout nobody reads')) as [Buffer];
        const dropped = Number(report.toString('utf8'));
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
        child.stdout.resume();
        const [code] = (await within(once(child, 'close'), 10_000, 'the child never exited once its stdout was read')) as [number];
        const numbers = numbersIn(stdout);
        expect(code).to.equal(0);
        expect(dropped).to.be.greaterThan(10_000);
        // More than the buffer holds: the pipe took its 64 KiB before the buffer filled.
        expect(numbers.length).to.be.greaterThan(65536 / 60);
        expect(numbers.length + dropped).to.equal(20_000);
        expect(numbers).to.deep.equal([...numbers].sort((x, y) => x - y));
      } finally {
        child.kill('SIGKILL');
      }
    });

    it('exits within EXIT_FLUSH_TIMEOUT_MS, with its own exit code, when nobody reads stdout at exit', async () => {
      const child = spawnChild(`
        const logger = createLogger({ level: 'info', format: 'json' });
        for (let i = 0; i < 20000; i++) logger.info({ i }, 'line');
        setTimeout(() => process.exit(3), 200);
      `);
      child.stdout.pause();
      try {
        const started = Date.now();
        const [code] = (await within(once(child, 'exit'), 10_000, 'the child never exited: its final write waits for a stdout nobody reads')) as [number];
        expect(code).to.equal(3);
        // 200 ms before the exit, the bound, and a start-up on a loaded machine.
        expect(Date.now() - started).to.be.below(200 + EXIT_FLUSH_TIMEOUT_MS + 4_000);
      } finally {
        child.kill('SIGKILL');
      }
    });
  });

  context('in pretty format', () => {
    it("prints pino-pretty's human lines, not JSON, and flushes them on exit", async () => {
      const script = `
        const { createLogger } = await import(${JSON.stringify(BUILT_LOGGER)});
        createLogger({ level: 'info', format: 'pretty' }).info({ port: 8443 }, 'listening');
        process.exit(0);
      `;
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
      const plain = stdout.replace(/\x1b\[[0-9;]*m/g, '');
      expect(plain).to.match(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [+-]\d{4}\] INFO: listening\n\s+port: 8443\n$/);
    });
  });
});
