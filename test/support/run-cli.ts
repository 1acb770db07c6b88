/**
 * Test support: run the command line and collect its output, whatever the
 * exit code: in this process through src/cli.ts (runCliInProcess), or as the
 * built executable (dist/main.js, built by `npm test`'s pretest) in a child
 * process (runCli), for what only a process shows: its exit status, real
 * pipes, signals, the umask, and the environment variables commander reads.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { runCli as runCommandLine } from '../../src/cli.js';

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

/**
 * runCliInProcess runs the command line with args in this process, with input
 * on stdin and env as the whole environment the command sees. Commander reads
 * the variables of options (SKUPPER_WEBHOOK_*) from the process itself: use
 * runCli for those.
 */
export async function runCliInProcess(args: string[], options: { env?: Record<string, string | undefined>; input?: string | Buffer } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const input = options.input ?? '';
  const code = await runCommandLine(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: (async function* () {
      yield input;
    })(),
    env: { ...options.env },
  });
  return { code, stdout, stderr };
}
