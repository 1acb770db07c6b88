/**
 * Test support: everything a kubectl end-to-end test needs, started once per
 * file: the real webhook server (HTTPS, port 0, the suite's generated CA),
 * the stand-in API server calling it, and kubectl configured for the
 * stand-in. When kubectl is not on PATH, startStandIn says so and returns
 * undefined, and the caller marks its tests pending (this.skip()).
 */
import { fileURLToPath } from 'node:url';
import { testCertificates } from '../support/test-certificates.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { type ApiServer, startApiServer } from './apiserver/api-server.js';
import { findKubectl, Kubectl } from './kubectl.js';

/** REPO is the repository root: kubectl runs there, so `-f examples/...` means the repository's examples. */
export const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** StandIn is a running webhook, stand-in API server and kubectl. */
export interface StandIn {
  kubectl: Kubectl;
  apiServer: ApiServer;
  close(): Promise<void>;
}

/** startStandIn starts the three, or returns undefined (having said why) when kubectl is absent. */
export async function startStandIn(): Promise<StandIn | undefined> {
  const binary = findKubectl();
  if (!binary) {
    console.log('    kubectl is not on PATH: the kubectl end-to-end tests are skipped (install kubectl 1.32 to run them)');
    return undefined;
  }
  const certs = await testCertificates();
  const webhook: TestServer = await startTestServer();
  const apiServer = await startApiServer({ webhookPort: webhook.port, ca: certs.caCert, cert: certs.tlsCert, key: certs.tlsKey });
  const kubectl = await Kubectl.create(binary, apiServer.url, certs.caCert);
  return {
    kubectl,
    apiServer,
    close: async () => {
      await kubectl.close();
      await apiServer.close();
      await webhook.close();
    },
  };
}

/**
 * useStandIn starts a stand-in before the enclosing suite's tests and closes
 * it after them, skipping them when kubectl is absent; it returns how the
 * tests reach it.
 */
export function useStandIn(): () => StandIn {
  let standIn: StandIn | undefined;
  before(async function () {
    standIn = await startStandIn();
    if (!standIn) this.skip();
  });
  after(async () => {
    await standIn?.close();
  });
  return () => {
    if (!standIn) throw new Error('the stand-in is not running: use it inside a test of the suite that called useStandIn');
    return standIn;
  };
}
