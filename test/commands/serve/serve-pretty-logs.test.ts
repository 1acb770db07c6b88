/**
 * `skupper-webhook serve --log-format pretty`, end to end: the review lines
 * reach pino-pretty's worker like every other line and come out as human
 * lines, not JSON.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../../support/run-cli.js';
import { requestFor, reviewFor, validBinding } from '../../fixtures/reviews.js';
import { review, writeServingPair } from '../../support/serve-process.js';

/** plain strips the colours pino-pretty adds. */
function plain(text: string): string {
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

describe('skupper-webhook serve --log-format pretty', () => {
  it('prints review lines as pretty lines, like every other line', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'serve-pretty-test-'));
    const pair = await writeServingPair(cwd);
    const child = spawn(process.execPath, [CLI, 'serve', ...pair.flags, '--host', '127.0.0.1', '--port', '0', '--metrics-port', '0', '--log-format', 'pretty', '--shutdown-delay', '0'], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += plain(chunk.toString())));
    /** until waits for stdout to match pattern. */
    const until = async (pattern: RegExp): Promise<RegExpExecArray> => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const match = pattern.exec(out);
        if (match) return match;
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no ${pattern} in: ${out}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    let agent: https.Agent | undefined;
    try {
      const port = Number((await until(/INFO: listening\n(?:\s+\w+: .*\n)*?\s+port: (\d+)/))[1]);
      agent = new https.Agent({ ca: pair.ca });
      // A denial: an admission without warnings is logged at debug, below the default level.
      const binding = validBinding();
      binding['spec'].connectorNamespace = 'west';
      const answer = await review(port, agent, '/validate', JSON.stringify(reviewFor(requestFor(binding))));
      expect(answer.status).to.equal(200);
      // pino-pretty shows a line's `name` (here the object's) in the header, as it does a logger's name.
      const line = (await until(/INFO \(backend\): admission review\n(?:\s+\w+: .*\n)+/))[0];
      expect(line).to.include('kind: "AttachedConnectorBinding"').and.include('allowed: false');
      expect(out).not.to.match(/^\{"level"/m);
    } finally {
      agent?.destroy();
      child.kill('SIGKILL');
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
