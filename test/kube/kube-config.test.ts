import { existsSync } from 'node:fs';
import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { errorMessage } from '../../src/core/error-message.js';
import { KubeConfigError } from '../../src/kube/errors.js';
import { kubeConfigEnvironment, loadKubeConfig, SERVICE_ACCOUNT_TOKEN_PATH } from '../../src/kube/kube-config.js';

function kubeconfig(server: string, context = 'one'): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: context, cluster: { server } }],
    users: [{ name: context, user: { token: 't' } }],
    contexts: [{ name: context, context: { cluster: context, user: context } }],
    'current-context': context,
  });
}

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('loadKubeConfig', () => {
  let dir: string;
  const nowhere = { env: {}, home: '/nonexistent', exists: () => false };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kube-config-test-'));
    await writeFile(join(dir, 'one'), kubeconfig('https://one.example:6443'));
    await writeFile(join(dir, 'two'), kubeconfig('https://two.example:6443', 'two'));
    await writeFile(join(dir, 'no-context'), JSON.stringify({ apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [] }));
    await writeFile(join(dir, 'clusters-5'), 'clusters: 5\n');
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads --kubeconfig first', () => {
    const loaded = loadKubeConfig(join(dir, 'one'), { ...nowhere, env: { KUBECONFIG: join(dir, 'two') } });
    expect(loaded).to.include({ source: 'flag', server: 'https://one.example:6443' });
  });

  it('reads $KUBECONFIG, merging the list and taking the first file\'s context', () => {
    const loaded = loadKubeConfig(undefined, { ...nowhere, exists: existsSync, env: { KUBECONFIG: [join(dir, 'one'), join(dir, 'two')].join(delimiter) } });
    expect(loaded).to.include({ source: 'KUBECONFIG', server: 'https://one.example:6443' });
    expect(loaded.config.getContexts().map((c) => c.name)).to.deep.equal(['one', 'two']);
  });

  it('skips the files $KUBECONFIG lists that do not exist, as client-go does', () => {
    const env = { KUBECONFIG: [join(dir, 'missing'), join(dir, 'two'), join(dir, 'also-missing')].join(delimiter) };
    const loaded = loadKubeConfig(undefined, { ...nowhere, exists: existsSync, env });
    expect(loaded).to.include({ source: 'KUBECONFIG', server: 'https://two.example:6443' });
  });

  it('reads ~/.kube/config last', async () => {
    const home = await mkdtemp(join(dir, 'home-'));
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(home, '.kube'));
    await writeFile(join(home, '.kube', 'config'), kubeconfig('https://home.example:6443'));
    const loaded = loadKubeConfig(undefined, { env: {}, home, exists: (p) => p === join(home, '.kube', 'config') });
    expect(loaded).to.include({ source: 'home', server: 'https://home.example:6443' });
  });

  it('prefers the service account when in a cluster, even with $KUBECONFIG set', () => {
    const env = { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBECONFIG: join(dir, 'one') };
    const loaded = loadKubeConfig(undefined, { env, home: '/nonexistent', exists: (p) => p === SERVICE_ACCOUNT_TOKEN_PATH });
    expect(loaded.source).to.equal('in-cluster');
  });

  context('when the service account comes last, as for ca-bundle', () => {
    const inCluster = (path: string) => path === SERVICE_ACCOUNT_TOKEN_PATH || existsSync(path);

    it('prefers $KUBECONFIG to the service account', () => {
      const env = { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBECONFIG: join(dir, 'one') };
      const loaded = loadKubeConfig(undefined, { env, home: '/nonexistent', exists: inCluster }, 'in-cluster-last');
      expect(loaded).to.include({ source: 'KUBECONFIG', server: 'https://one.example:6443' });
    });

    it('uses the service account when there is no kubeconfig', () => {
      const env = { KUBERNETES_SERVICE_HOST: '10.0.0.1' };
      const loaded = loadKubeConfig(undefined, { env, home: '/nonexistent', exists: inCluster }, 'in-cluster-last');
      expect(loaded.source).to.equal('in-cluster');
    });
  });

  context('when there is nothing to use', () => {
    const cases: Array<[string, () => unknown, RegExp]> = [
      [
        'no configuration anywhere',
        () => loadKubeConfig(undefined, nowhere),
        /^no kubeconfig: \$KUBECONFIG is unset, \/nonexistent\/\.kube\/config does not exist and this is not a pod with a service account; pass --kubeconfig or set \$KUBECONFIG$/,
      ],
      [
        'a $KUBECONFIG that names no file',
        () => loadKubeConfig(undefined, { ...nowhere, env: { KUBECONFIG: delimiter } }),
        /^no kubeconfig: \$KUBECONFIG names no file, /,
      ],
      [
        'a $KUBECONFIG whose files all do not exist',
        () => loadKubeConfig(undefined, { ...nowhere, exists: existsSync, env: { KUBECONFIG: [join(dir, 'missing'), join(dir, 'gone')].join(delimiter) } }),
        /^no kubeconfig: none of the files \$KUBECONFIG lists exists \(.*missing, .*gone\)$/,
      ],
      [
        'no configuration anywhere, service account last',
        () => loadKubeConfig(undefined, nowhere, 'in-cluster-last'),
        /^no kubeconfig: .*pass --kubeconfig or set \$KUBECONFIG$/,
      ],
      ['a missing file', () => loadKubeConfig(join(dir, 'missing'), nowhere), /^loading kubeconfig .*missing: ENOENT/],
      ['a file without a current context', () => loadKubeConfig(join(dir, 'no-context'), nowhere), /^kubeconfig .*no-context has no current context with a cluster server$/],
      ['a file whose clusters are not a list', () => loadKubeConfig(join(dir, 'clusters-5'), nowhere), /^kubeconfig .*clusters-5 has no current context with a cluster server$/],
    ];
    for (const [rule, load, message] of cases) {
      it(`throws a KubeConfigError: ${rule}`, () => {
        const error = thrown(load);
        expect(error).to.be.instanceOf(KubeConfigError);
        expect(errorMessage(error)).to.match(message);
      });
    }
  });
});

describe('kubeConfigEnvironment', () => {
  it("reads $HOME and $KUBECONFIG from the environment it is given, not the process's", () => {
    const env = { HOME: '/home/given', KUBECONFIG: '/given/config' };
    const environment = kubeConfigEnvironment(env);
    expect({ env: environment.env, home: environment.home, exists: environment.exists }).to.deep.equal({ env, home: '/home/given', exists: existsSync });
  });

  it("falls back to the account's home, as os.homedir() does, when $HOME is unset or empty", () => {
    expect([kubeConfigEnvironment({}).home, kubeConfigEnvironment({ HOME: '' }).home]).to.deep.equal([homedir(), homedir()]);
  });
});
