/**
 * Test support: run the built CLI (dist/main.js, built by `npm test`'s
 * pretest) as a child process and collect its output, whatever the exit code.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** CLI is the built entry point. */
export const CLI = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** CliRun is what one run printed and how it exited. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** runCli runs the CLI with args; env replaces the environment when given (PATH is kept). */
export async function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  const env = options.env ? { PATH: process.env.PATH, ...options.env } : process.env;
  const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}
