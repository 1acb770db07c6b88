import { expect } from 'chai';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fastJsonPatch from 'fast-json-patch';
import { decodeCaBundle, encodeCaBundle, splitPemCertificates, type WebhookConfiguration } from '../../src/tls/ca-bundle.js';
import type { GeneratedCertificates } from '../../src/tls/generate.js';
import { testCertificates } from '../support/test-certificates.js';
import { type CliRun, runCli, runCliInProcess } from '../support/run-cli.js';

const PATH = /^\/apis\/admissionregistration\.k8s\.io\/v1\/(validatingwebhookconfigurations|mutatingwebhookconfigurations)\/([^/?]+)(?:\?(.*))?$/;

type Run = CliRun;

interface Recorded {
  method: string;
  url: string;
  contentType: string | undefined;
  authorization: string | undefined;
  body: string;
}

/** run runs the command line in this process, with env as its whole environment. */
function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return runCliInProcess(args, { env });
}

function fingerprints(caBundle: string | undefined): string[] {
  return splitPemCertificates(decodeCaBundle(caBundle)).map((pem) => new X509Certificate(pem).fingerprint256);
}

function configuration(name: string, webhooks: number, caBundle?: string): WebhookConfiguration {
  const object = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    metadata: { name, resourceVersion: '1' },
    webhooks: Array.from({ length: webhooks }, (_, i) => ({
      name: `hook-${i}.skupper.io`,
      clientConfig: { service: { name: 'skupper-webhook', namespace: 'skupper-webhook' }, ...(caBundle ? { caBundle } : {}) },
    })),
  };
  return object;
}

/**
 * The command runs against a fake API server: HTTPS on 127.0.0.1 with its own
 * CA in the kubeconfig (the client refuses plain HTTP unless TLS checks are
 * off), GET and PATCH for the two webhook configuration kinds with the JSON
 * Patch applied for real, and a 404 Status for anything it does not hold.
 */
describe('skupper-webhook ca-bundle', () => {
  let root: string;
  let fresh: GeneratedCertificates;
  let old: GeneratedCertificates;
  let expired: GeneratedCertificates;
  let caFile: string;
  let kubeconfig: string;
  let server: https.Server;
  const objects = new Map<string, WebhookConfiguration>();
  const requests: Recorded[] = [];
  /** contended holds keys that someone else edits just before our first PATCH lands; refused, keys whose every PATCH is refused. */
  const contended = new Set<string>();
  const refused = new Set<string>();

  /** about returns the requests that named a configuration. */
  function about(name: string, from: Recorded[] = requests): Recorded[] {
    return from.filter((r) => r.url.split('?')[0]!.endsWith(`/${name}`));
  }

  function bundles(key: string): string[][] {
    return objects.get(key)!.webhooks!.map((webhook) => fingerprints(webhook.clientConfig?.caBundle));
  }

  function fingerprint(pem: string): string {
    return new X509Certificate(pem).fingerprint256;
  }

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'ca-bundle-command-test-'));
    // The run's pairs: the new CA, the old one it replaces (which also serves the fake API server), and an expired one.
    [fresh, old, expired] = await Promise.all([testCertificates('another'), testCertificates('localhost'), testCertificates('expired')]);
    const apiServer = old;
    caFile = join(root, 'ca.crt');
    await writeFile(caFile, fresh.caCert);
    await writeFile(join(root, 'tls.crt'), fresh.tlsCert);

    server = https.createServer({ cert: apiServer.tlsCert, key: apiServer.tlsKey }, (req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        requests.push({ method: req.method!, url: req.url!, contentType: req.headers['content-type'], authorization: req.headers.authorization, body });
        const send = (status: number, payload: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
        };
        const match = PATH.exec(req.url ?? '');
        const key = match ? `${match[1]}/${match[2]}` : '';
        const object = objects.get(key);
        if (!object) {
          return send(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: `${key} not found` });
        }
        if (req.method === 'GET') return send(200, object);
        if (req.method !== 'PATCH') return send(405, { kind: 'Status', code: 405, message: 'method not allowed' });
        if (req.headers['content-type'] !== 'application/json-patch+json') return send(415, { kind: 'Status', code: 415, message: 'json patch only' });
        if (refused.has(key)) return send(422, { kind: 'Status', code: 422, message: 'refused by an admission policy' });
        if (contended.delete(key)) {
          // Another writer got there first: a new webhook at the front, and a new resourceVersion.
          object.webhooks!.unshift({ name: 'added-meanwhile.skupper.io', clientConfig: {} });
          object.metadata!.resourceVersion = String(Number(object.metadata!.resourceVersion) + 1);
        }
        try {
          const patched = fastJsonPatch.applyPatch(fastJsonPatch.deepClone(object), JSON.parse(body), true).newDocument as WebhookConfiguration;
          patched.metadata!.resourceVersion = String(Number(object.metadata!.resourceVersion) + 1);
          objects.set(key, patched);
          return send(200, patched);
        } catch (e) {
          return send(422, { kind: 'Status', code: 422, message: (e as Error).message });
        }
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');

    kubeconfig = join(root, 'kubeconfig');
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await writeFile(
      kubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'fake', cluster: { server: url, 'certificate-authority-data': encodeCaBundle(apiServer.caCert) } }],
        users: [{ name: 'tester', user: { token: 'test-token' } }],
        contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'tester' } }],
        'current-context': 'fake',
      }),
    );
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rm(root, { recursive: true, force: true });
  });

  let first: Run;
  let second: Run;
  let secondRequests: Recorded[];
  let rotation: Run;
  let typo: Run;
  let notCa: Run;
  let contention: Run;
  let refusal: Run;
  let noKubeconfig: Run;
  let noCluster: Run;

  before(async () => {
    objects.set('validatingwebhookconfigurations/skupper-webhook', configuration('skupper-webhook', 2));
    objects.set('mutatingwebhookconfigurations/skupper-webhook', configuration('skupper-webhook', 1));
    objects.set('validatingwebhookconfigurations/rotating', configuration('rotating', 1, encodeCaBundle(expired.caCert + old.caCert)));
    objects.set('validatingwebhookconfigurations/partial', configuration('partial', 1));
    objects.set('validatingwebhookconfigurations/contended', configuration('contended', 1));
    contended.add('validatingwebhookconfigurations/contended');
    objects.set('validatingwebhookconfigurations/refused', configuration('refused', 1));
    refused.add('validatingwebhookconfigurations/refused');
    const flags = ['--ca-file', caFile, '--kubeconfig', kubeconfig];
    await writeFile(join(root, 'clusters-5'), 'clusters: 5\n');
    // The independent runs go in parallel, each on its own names. The first is the built executable,
    // end to end: asynchronous, as the fake API server lives in this process.
    [first, rotation, typo, notCa, contention, refusal, noKubeconfig, noCluster] = await Promise.all([
      runCli(['ca-bundle', '--webhook-name', 'skupper-webhook', ...flags], { env: {} }),
      run(['ca-bundle', '--webhook-name', 'rotating', '--ca-file', caFile], { KUBECONFIG: kubeconfig }),
      run(['ca-bundle', '--webhook-name', 'partial', '--webhook-name', 'typo', ...flags]),
      run(['ca-bundle', '--webhook-name', 'never-read', '--ca-file', join(root, 'tls.crt'), '--kubeconfig', kubeconfig]),
      run(['ca-bundle', '--webhook-name', 'contended', ...flags]),
      run(['ca-bundle', '--webhook-name', 'refused', ...flags]),
      // Only PATH and HOME: no $KUBECONFIG, no ~/.kube/config, not in a pod.
      run(['ca-bundle', '--webhook-name', 'no-kubeconfig', '--ca-file', caFile], { HOME: join(root, 'no-home') }),
      run(['ca-bundle', '--webhook-name', 'no-cluster', '--ca-file', caFile, '--kubeconfig', join(root, 'clusters-5')]),
    ]);
    const seen = requests.length;
    second = await run(['ca-bundle', '--webhook-name', 'skupper-webhook', ...flags]);
    secondRequests = requests.slice(seen);
  });

  context('when the name is both a Validating and a Mutating configuration', () => {
    it('patches caBundle in every webhook of both, with a guarded JSON Patch', () => {
      expect(first.code, first.stderr).to.equal(0);
      const patches = about('skupper-webhook').filter((r) => r.method === 'PATCH');
      expect(patches.map((r) => r.url.split('?')[0])).to.deep.equal([
        '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/skupper-webhook',
        '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/skupper-webhook',
      ]);
      for (const patch of patches) {
        expect(patch.contentType).to.equal('application/json-patch+json');
        expect(patch.authorization).to.equal('Bearer test-token');
        expect(patch.url).to.include('fieldManager=skupper-webhook');
      }
      expect(JSON.parse(patches[0]!.body)).to.deep.equal([
        { op: 'test', path: '/metadata/resourceVersion', value: '1' },
        { op: 'add', path: '/webhooks/0/clientConfig/caBundle', value: encodeCaBundle(fresh.caCert) },
        { op: 'add', path: '/webhooks/1/clientConfig/caBundle', value: encodeCaBundle(fresh.caCert) },
      ]);
      expect(bundles('validatingwebhookconfigurations/skupper-webhook')).to.deep.equal([[fingerprint(fresh.caCert)], [fingerprint(fresh.caCert)]]);
      expect(bundles('mutatingwebhookconfigurations/skupper-webhook')).to.deep.equal([[fingerprint(fresh.caCert)]]);
      expect(first.stdout).to.equal(
        'validatingwebhookconfiguration/skupper-webhook: caBundle updated in 2 of 2 webhooks\n' +
          'mutatingwebhookconfiguration/skupper-webhook: caBundle updated in 1 of 1 webhooks\n',
      );
    });

    it('writes nothing the second time', () => {
      expect(second.code, second.stderr).to.equal(0);
      expect(secondRequests.map((r) => r.method)).to.deep.equal(['GET', 'GET']);
      expect(second.stdout).to.equal(
        'validatingwebhookconfiguration/skupper-webhook: caBundle unchanged\n' +
          'mutatingwebhookconfiguration/skupper-webhook: caBundle unchanged\n',
      );
    });
  });

  context('when rotating from an old CA (kubeconfig from $KUBECONFIG)', () => {
    it('keeps the still-valid old CA after the new one and drops the expired one', () => {
      expect(rotation.code, rotation.stderr).to.equal(0);
      expect(bundles('validatingwebhookconfigurations/rotating')).to.deep.equal([[fingerprint(fresh.caCert), fingerprint(old.caCert)]]);
    });
  });

  context('when a name is neither kind', () => {
    it('exits 3 and writes nothing, not even for the names it found', () => {
      expect(typo.code).to.equal(3);
      expect(typo.stderr).to.equal('skupper-webhook: error: no ValidatingWebhookConfiguration or MutatingWebhookConfiguration named "typo"\n');
      expect(about('typo').map((r) => r.method)).to.deep.equal(['GET', 'GET']);
      expect(about('partial').map((r) => r.method)).to.deep.equal(['GET', 'GET']);
      expect(bundles('validatingwebhookconfigurations/partial')).to.deep.equal([[]]);
    });
  });

  context('when someone else edits the configuration between our read and our patch', () => {
    it('reads it again and patches the new version, every webhook included', () => {
      expect(contention.code, contention.stderr).to.equal(0);
      expect(about('contended').map((r) => r.method)).to.deep.equal(['GET', 'GET', 'PATCH', 'GET', 'PATCH']);
      expect(bundles('validatingwebhookconfigurations/contended')).to.deep.equal([[fingerprint(fresh.caCert)], [fingerprint(fresh.caCert)]]);
      expect(contention.stdout).to.equal('validatingwebhookconfiguration/contended: caBundle updated in 2 of 2 webhooks\n');
    });
  });

  context('when the API server refuses the patch and the object has not changed', () => {
    it("exits 3 after one attempt, with the API server's message", () => {
      expect(refusal.code).to.equal(3);
      expect(refusal.stderr).to.equal('skupper-webhook: error: patching validatingwebhookconfiguration/refused: HTTP 422: refused by an admission policy\n');
      expect(about('refused').map((r) => r.method)).to.deep.equal(['GET', 'GET', 'PATCH', 'GET']);
    });
  });

  context('when --ca-file is not a CA', () => {
    it('exits 2 before calling the API server', () => {
      expect(notCa.code).to.equal(2);
      expect(notCa.stderr).to.match(/^skupper-webhook: error: --ca-file .*tls\.crt cannot be installed: certificate 1 in .*tls\.crt \(CN=localhost\) is not a CA\n$/);
      expect(about('never-read')).to.deep.equal([]);
    });
  });

  context('when there is no kubeconfig to use', () => {
    it('exits 2 in one line instead of trying http://localhost:8080', () => {
      expect(noKubeconfig.code).to.equal(2);
      expect(noKubeconfig.stdout).to.equal('');
      expect(noKubeconfig.stderr).to.equal(
        `skupper-webhook: error: no kubeconfig: $KUBECONFIG is unset, ${join(root, 'no-home', '.kube', 'config')} does not exist ` +
          'and this is not a pod with a service account; pass --kubeconfig or set $KUBECONFIG\n',
      );
    });
  });

  context('when the kubeconfig has no current cluster', () => {
    it('exits 2 in one line, naming the file, instead of "No active cluster!"', () => {
      expect(noCluster.code).to.equal(2);
      expect(noCluster.stderr).to.equal(`skupper-webhook: error: kubeconfig ${join(root, 'clusters-5')} has no current context with a cluster server\n`);
    });
  });
});
