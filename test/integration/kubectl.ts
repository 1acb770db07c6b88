/**
 * Test support: the real kubectl, pointed at the stand-in API server through
 * a kubeconfig in a temporary directory that trusts the suite's CA (no
 * insecure-skip-tls-verify). HOME and KUBECACHEDIR are temporary too, so
 * nothing is read from or left in the user's ~/.kube, and the environment is
 * PATH plus those alone.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';

/** KUBECTL_TIMEOUT_MS bounds one kubectl run: runs take 100 to 300 ms, so 30 s means it hung. */
const KUBECTL_TIMEOUT_MS = 30_000;

/** KubectlRun is what one kubectl run printed, stream by stream, and its exit code. */
export interface KubectlRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** KubectlOptions are a run's standard input and working directory. */
export interface KubectlOptions {
  stdin?: string;
  cwd?: string;
}

/** findKubectl returns the path of kubectl on PATH, or undefined when there is none. */
export function findKubectl(): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, 'kubectl');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** Kubectl runs one kubectl binary against one server. */
export class Kubectl {
  private runs = 0;

  private constructor(
    private readonly binary: string,
    private readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** create writes a kubeconfig for server (trusting ca, namespace default) in a new temporary directory. */
  static async create(binary: string, server: string, ca: string): Promise<Kubectl> {
    const dir = await mkdtemp(path.join(tmpdir(), 'skupper-webhook-kubectl-'));
    const kubeconfig = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'stand-in', cluster: { server, 'certificate-authority-data': Buffer.from(ca).toString('base64') } }],
      // A user without credentials would make kubectl prompt for a password; the stand-in takes any token.
      users: [{ name: 'stand-in', user: { token: 'stand-in' } }],
      contexts: [{ name: 'stand-in', context: { cluster: 'stand-in', user: 'stand-in', namespace: 'default' } }],
      'current-context': 'stand-in',
    };
    await writeFile(path.join(dir, 'kubeconfig'), stringify(kubeconfig));
    const env = { PATH: process.env['PATH'], HOME: dir, KUBECONFIG: path.join(dir, 'kubeconfig'), KUBECACHEDIR: path.join(dir, 'cache') };
    return new Kubectl(binary, dir, env);
  }

  /** run runs kubectl with args and collects stdout and stderr apart. */
  async run(args: readonly string[], options: KubectlOptions = {}): Promise<KubectlRun> {
    const child = this.spawn(args, options, ['pipe', 'pipe', 'pipe']);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'close')) as [number | null];
    return { code, stdout, stderr };
  }

  /**
   * runInterleaved runs kubectl with stdout and stderr on one file, as a
   * terminal shows them: in the order kubectl wrote them.
   */
  async runInterleaved(args: readonly string[], options: KubectlOptions = {}): Promise<{ code: number | null; output: string }> {
    const file = path.join(this.dir, `output-${++this.runs}`);
    const handle = await open(file, 'w');
    try {
      const child = this.spawn(args, options, ['pipe', handle.fd, handle.fd]);
      const [code] = (await once(child, 'close')) as [number | null];
      return { code, output: await readFile(file, 'utf8') };
    } finally {
      await handle.close();
    }
  }

  /** close removes the temporary directory. */
  async close(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }

  private spawn(args: readonly string[], options: KubectlOptions, stdio: ['pipe', 'pipe' | number, 'pipe' | number]) {
    const child = spawn(this.binary, args, { cwd: options.cwd, env: this.env, stdio, timeout: KUBECTL_TIMEOUT_MS });
    child.stdin!.end(options.stdin ?? '');
    return child;
  }
}
