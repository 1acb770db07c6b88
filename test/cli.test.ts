import { expect } from 'chai';
import { createRequire } from 'node:module';
import { ExitCode } from '../src/commands/exit-codes.js';
import { type CliRun, runCliInProcess } from './support/run-cli.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** run runs the command line in this process and returns what it wrote and its exit code. */
function run(args: string[], input = ''): Promise<CliRun> {
  return runCliInProcess(args, { input });
}

const LISTENER = 'apiVersion: skupper.io/v2alpha1\nkind: Listener\nmetadata: {name: backend, namespace: west}\nspec: {host: backend, port: 8080, routingKey: backend}\n';

describe('runCli', () => {
  it('prints the version on its stdout and exits 0', async () => {
    expect(await run(['--version'])).to.deep.equal({ code: ExitCode.OK, stdout: `${version}\n`, stderr: '' });
  });

  it("prints a command's help on its stdout and exits 0", async () => {
    const { code, stdout, stderr } = await run(['check', '--help']);
    expect({ code, stderr, usage: stdout.split('\n')[0] }).to.deep.equal({ code: ExitCode.OK, stderr: '', usage: 'Usage: skupper-webhook check [options] [inputs...]' });
  });

  it("answers an unknown command with commander's one line on its stderr and exit 2", async () => {
    expect(await run(['chek'])).to.deep.equal({ code: ExitCode.USAGE, stdout: '', stderr: "error: unknown command 'chek'\n(Did you mean check?)\n" });
  });

  it("turns a command's CliError into one line and the error's exit code", async () => {
    expect(await run(['check'])).to.deep.equal({ code: ExitCode.USAGE, stdout: '', stderr: 'skupper-webhook: error: no input: name files, folders, or - for standard input\n' });
  });

  it("resolves to the exit code the command set: check's verdict", async () => {
    expect((await run(['check', '-'], LISTENER)).code).to.equal(ExitCode.OK);
    expect((await run(['check', '-'], LISTENER.replace('port: 8080', 'port: 0'))).code).to.equal(ExitCode.DENIED);
  });

  it('reads shorthand flags as kubectl does (-o=yaml)', async () => {
    const { code, stdout } = await run(['check', '-o=yaml', '-'], LISTENER);
    expect({ code, typed: stdout.includes('  type: tcp\n') }).to.deep.equal({ code: ExitCode.OK, typed: true });
  });
});
