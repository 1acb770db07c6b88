import { expect } from 'chai';
import fc from 'fast-check';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import type { Level, Logger } from 'pino';
import { createLogger, isoTimeField, logRecord } from '../../src/server/logger.js';

/** capturingLogger returns a JSON logger at level whose lines land in lines, the time removed. */
function capturingLogger(level: string): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8').replace(/,"time":"[^"]*"/, ''));
      done();
    },
  });
  return { logger: createLogger({ level, format: 'json', destination }), lines };
}

/**
 * BUILT_LOGGER is the logger as it ships (dist/, built by `npm test`'s
 * pretest), for the tests that run it in a child process on plain node: tsx
 * would change what they check (it makes stdout non-blocking itself).
 */
const BUILT_LOGGER = new URL('../../dist/server/logger.js', import.meta.url).href;

const LEVELS: Level[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/** A field name pino would not add itself (level, time and msg are its own). */
const fieldName = fc.string({ maxLength: 12 }).filter((key) => !['level', 'time', 'msg', '__proto__'].includes(key));
const plainValue = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\u0000', '\u2028', 'é', 'x') }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined));

describe('isoTimeField', () => {
  const realNow = Date.now;
  afterEach(() => {
    Date.now = realNow;
  });

  it("is pino's isoTime field for every instant, in any order, within a second or across seconds", () => {
    const instant = fc.integer({ min: -8.64e15, max: 8.64e15 });
    // Runs of nearby instants exercise the per-second text; far ones the rest.
    const run = fc.tuple(instant, fc.array(fc.integer({ min: -1500, max: 1500 }), { maxLength: 20 })).map(([t, steps]) => steps.map((step) => Math.max(-8.64e15, Math.min(8.64e15, t + step))));
    fc.assert(
      fc.property(fc.array(fc.oneof(instant.map((t) => [t]), run), { maxLength: 10 }), (runs) => {
        for (const t of runs.flat()) {
          Date.now = () => t;
          expect(isoTimeField()).to.equal(`,"time":"${new Date(t).toISOString()}"`);
        }
      }),
      { numRuns: 300 },
    );
  });
});

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
      logger.info({ port: 8443 }, 'listening');
      logger.debug('hidden');
      expect(lines).to.have.length(1);
      const { time, ...line } = JSON.parse(lines[0]!) as Record<string, unknown>;
      expect(time).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(line).to.deep.equal({ level: 'info', port: 8443, msg: 'listening' });
    });

    it('logRecord writes the line pino writes, byte for byte, for any plain JSON fields at any level', () => {
      fc.assert(
        fc.property(fc.constantFrom(...LEVELS), fc.constantFrom(...LEVELS), fc.dictionary(fieldName, plainValue), fc.string(), (enabled, level, fields, msg) => {
          const fast = capturingLogger(enabled);
          const slow = capturingLogger(enabled);
          logRecord(fast.logger, level, fields, msg);
          slow.logger[level](fields, msg);
          expect(fast.lines).to.deep.equal(slow.lines);
        }),
        { numRuns: 300 },
      );
    });

    it('logRecord escapes a lone surrogate, as JSON.stringify (and pino from Node 25) does, so the value survives UTF-8', () => {
      const { logger, lines } = capturingLogger('info');
      logRecord(logger, 'info', { name: 'a\ud800b' }, 'm');
      expect(lines[0]).to.include('"name":"a\\ud800b"');
      expect(JSON.parse(lines[0]!)).to.deep.equal({ level: 'info', name: 'a\ud800b', msg: 'm' });
    });

    it("logRecord keeps a child logger's bindings, as pino does", () => {
      const fast = capturingLogger('info');
      const slow = capturingLogger('info');
      logRecord(fast.logger.child({ component: 'webhook' }), 'info', { port: 8443 }, 'listening');
      slow.logger.child({ component: 'webhook' }).info({ port: 8443 }, 'listening');
      expect(fast.lines).to.deep.equal(slow.lines);
      expect(JSON.parse(fast.lines[0]!)).to.deep.equal({ level: 'info', component: 'webhook', port: 8443, msg: 'listening' });
    });

    it("writes a quiet server's line within the flush interval, not only when a batch fills", async () => {
      // A child process that logs one line and then idles until it is killed: no exit flush can help.
      const script = `
        const { createLogger } = await import(${JSON.stringify(BUILT_LOGGER)});
        createLogger({ level: 'info', format: 'json' }).info('alone');
        setInterval(() => {}, 1000);
      `;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      try {
        const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
        expect(JSON.parse(chunk.toString('utf8'))).to.include({ level: 'info', msg: 'alone' });
      } finally {
        child.kill('SIGKILL');
      }
    });

    it('writes every line, in order, when the process exits at once with batches still queued', async () => {
      // A child process: many lines queued, then process.exit in the same tick.
      const script = `
        const { createLogger } = await import(${JSON.stringify(BUILT_LOGGER)});
        const logger = createLogger({ level: 'info', format: 'json' });
        for (let i = 0; i < 2000; i++) logger.info({ i }, 'line');
        process.exit(0);
      `;
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { maxBuffer: 16 * 1024 * 1024 });
      const numbers = stdout.trim().split('\n').map((line) => (JSON.parse(line) as { i: number }).i);
      expect(numbers).to.deep.equal(Array.from({ length: 2000 }, (_, i) => i));
    });

    it('never waits for a stdout nobody reads: it drops and counts lines past the bounded queue, and writes the rest in order', async () => {
      // The child logs 1.2 MB in one tick into a pipe this test does not read; 200 ms later it reports what it dropped.
      const script = `
        const { createLogger } = await import(${JSON.stringify(BUILT_LOGGER)});
        let dropped = 0;
        const logger = createLogger({ level: 'info', format: 'json', maxQueueBytes: 65536, onDrop: (lines) => dropped += lines });
        for (let i = 0; i < 20000; i++) logger.info({ i }, 'line');
        setTimeout(() => { process.stderr.write(String(dropped)); process.exit(0); }, 200);
      `;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.pause();
      let stdout = '';
      let dropped: number;
      try {
        // A child blocked in a write never reports; it is given 10 s, then killed.
        let timer: NodeJS.Timeout | undefined;
        const blocked = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('the child never reported: it is blocked writing to a stdout nobody reads')), 10_000);
        });
        const [report] = (await Promise.race([once(child.stderr, 'data'), blocked]).finally(() => clearTimeout(timer))) as [Buffer];
        dropped = Number(report.toString('utf8'));
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
        child.stdout.resume();
        await once(child, 'close');
      } finally {
        child.kill('SIGKILL');
      }
      const numbers = stdout.trim().split('\n').map((line) => (JSON.parse(line) as { i: number }).i);
      expect(dropped).to.be.greaterThan(10000);
      expect(numbers.length + dropped).to.equal(20000);
      expect(numbers).to.deep.equal([...numbers].sort((x, y) => x - y));
    });
  });
});
