import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { createLogger } from '../../src/server/logger.js';

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

    it('writes asynchronously to stdout and still flushes every line when the process exits at once', async () => {
      // A child process: many lines queued, then process.exit in the same tick.
      const script = `
        const { createLogger } = await import(${JSON.stringify(new URL('../../src/server/logger.ts', import.meta.url).href)});
        const logger = createLogger({ level: 'info', format: 'json' });
        for (let i = 0; i < 2000; i++) logger.info({ i }, 'line');
        process.exit(0);
      `;
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { maxBuffer: 16 * 1024 * 1024 });
      const lines = stdout.trim().split('\n');
      expect(lines).to.have.length(2000);
      expect(JSON.parse(lines.at(-1)!)).to.include({ i: 1999 });
    });

    it('drops and counts lines past the bounded queue instead of growing without limit', async () => {
      // Everything logged in one tick queues behind the first pending write; a
      // 4 KiB bound keeps about 4 KiB of the 2000 lines and drops the rest.
      const script = `
        const { createLogger } = await import(${JSON.stringify(new URL('../../src/server/logger.ts', import.meta.url).href)});
        let dropped = 0;
        const logger = createLogger({ level: 'info', format: 'json', maxQueueBytes: 4096, onDrop: () => dropped++ });
        for (let i = 0; i < 2000; i++) logger.info({ i }, 'line');
        setTimeout(() => { process.stderr.write(String(dropped)); process.exit(0); }, 200);
      `;
      const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { maxBuffer: 16 * 1024 * 1024 });
      const written = stdout.trim().split('\n').length;
      expect(Number(stderr)).to.be.greaterThan(1000);
      expect(written + Number(stderr)).to.equal(2000);
    });
  });
});
