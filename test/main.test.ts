/**
 * The CLI loads only the command that runs: `serve` never pays for check's
 * YAML readers or for node-forge, which together doubled its start-up.
 * jsonc-parser is the one reader both use: serve scans large bodies with it
 * before parsing them (admission/body-limits.ts).
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI } from './support/run-cli.js';
import { serve, writeServingPair } from './support/serve-process.js';

const HOOKS = new URL('./support/import-log-hooks.mjs', import.meta.url).href;
const REGISTER = `data:text/javascript,import { register } from "node:module"; register(${JSON.stringify(HOOKS)});`;
const EXAMPLE = fileURLToPath(new URL('../examples/valid/listener.yaml', import.meta.url));

/** packagesIn reads an import log into the npm packages it names. */
async function packagesIn(log: string): Promise<Set<string>> {
  const urls = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
  return new Set(urls.flatMap((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? []));
}

/** packagesLoaded runs the CLI with args and returns the npm packages it loaded, and its exit code. */
async function packagesLoaded(args: string[]): Promise<{ code: number | null; packages: Set<string> }> {
  const dir = await mkdtemp(join(tmpdir(), 'imports-'));
  try {
    const log = join(dir, 'imports.log');
    const child = spawn(process.execPath, ['--import', REGISTER, CLI, ...args], { env: { ...process.env, IMPORT_LOG: log }, stdio: 'ignore' });
    const [code] = (await once(child, 'close')) as [number | null];
    return { code, packages: await packagesIn(log) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the CLI start-up', () => {
  it('loads neither the YAML readers nor node-forge for serve', async () => {
    const { code, packages } = await packagesLoaded(['serve', '--help']);
    expect(code).to.equal(0);
    expect(packages).to.include('commander');
    for (const unneeded of ['yaml', 'js-yaml', 'jsonc-parser', 'node-forge']) expect(packages, unneeded).not.to.include(unneeded);
  });

  it('serves with certificate files without loading node-forge or the YAML readers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'imports-'));
    try {
      const pair = await writeServingPair(join(dir, 'certs'));
      const log = join(dir, 'imports.log');
      const running = serve([...pair.flags, '--metrics-port', '0'], dir, {
        nodeArgs: ['--import', REGISTER],
        env: { ...process.env, IMPORT_LOG: log },
      });
      try {
        await running.line((l) => l['msg'] === 'listening', 'listening');
      } finally {
        running.kill();
      }
      const packages = await packagesIn(log);
      expect(packages).to.include('pino');
      expect(packages).to.include('jsonc-parser');
      for (const unneeded of ['yaml', 'js-yaml', 'node-forge', '@kubernetes/client-node']) expect(packages, unneeded).not.to.include(unneeded);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('loads the YAML readers but not node-forge for check', async () => {
    const { code, packages } = await packagesLoaded(['check', EXAMPLE]);
    expect(code).to.equal(0);
    expect(packages).to.include('yaml');
    expect(packages).not.to.include('node-forge');
  });

  it('loads every command for the top-level help', async () => {
    const { code, packages } = await packagesLoaded(['--help']);
    expect(code).to.equal(0);
    expect(packages).to.include('node-forge');
    expect(packages).to.include('yaml');
  });
});

describe('the executable', () => {
  it('ends quietly, with the exit code of its run, when the reader of its output leaves (check … | head)', async () => {
    const child = spawn(process.execPath, [CLI, 'check', EXAMPLE, EXAMPLE], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Closed before the CLI writes anything: its first write fails with EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'close')) as [number | null];
    expect({ code, stderr }).to.deep.equal({ code: 0, stderr: '' });
  });

  it('still exits with the verdict when its output is cut off', async () => {
    const denied = fileURLToPath(new URL('../examples/invalid/attached-connector-binding.yaml', import.meta.url));
    const child = spawn(process.execPath, [CLI, 'check', denied], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'close')) as [number | null];
    expect({ code, stderr }).to.deep.equal({ code: 1, stderr: '' });
  });
});
