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

/** runCli runs the CLI with args, with input on stdin when given; env replaces the environment when given (PATH is kept). */
export async function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string | Buffer } = {}): Promise<CliRun> {
  const env = options.env ? { PATH: process.env.PATH, ...options.env } : process.env;
  const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  if (options.input !== undefined) child.stdin!.end(options.input);
  // Decoded whole: a chunk may end inside a multi-byte character.
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') };
}
