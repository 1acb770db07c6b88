import type { AdmissionregistrationV1Api, KubeConfig } from '@kubernetes/client-node';
import type { Command } from 'commander';
import type { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { CliError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { ExitCode } from './exit-codes.js';
import { isKubeConfigError } from '../kube/errors.js';
import { caBundlePatch, readCaCertificates, type WebhookConfiguration } from '../tls/ca-bundle.js';

/** FIELD_MANAGER names us in the objects' managedFields, so `kubectl get -o yaml` shows who set caBundle. */
const FIELD_MANAGER = 'skupper-webhook';

/** KubernetesClient is @kubernetes/client-node, loaded only when `ca-bundle` runs. */
type KubernetesClient = typeof import('@kubernetes/client-node');

/** NOT_FOUND is the status the API server answers for a configuration that does not exist. */
const NOT_FOUND = 404;

/**
 * PATCH_ATTEMPTS bounds the read-patch rounds for one configuration. The
 * patch tests resourceVersion, so an edit between our read and our write
 * (another controller, a second rollout) fails it; we then read again and
 * patch the new version, as client-go's RetryOnConflict does (five steps).
 */
export const PATCH_ATTEMPTS = 5;

/** CaBundleOptions are the parsed flags of `ca-bundle`. */
interface CaBundleOptions {
  webhookName: string[];
  caFile: string;
  kubeconfig?: string;
}

/** Kind is one of the two admission configuration kinds a webhook name may refer to. */
type Kind = 'validatingwebhookconfiguration' | 'mutatingwebhookconfiguration';

/** Target is a configuration found in the cluster, ready to be patched. */
interface Target {
  kind: Kind;
  name: string;
  object: WebhookConfiguration;
}

/** register adds the `ca-bundle` command to program; it writes to io and reads $KUBECONFIG and $HOME from io.env. */
export function register(program: Command, io: CliIo): void {
  program
    .command('ca-bundle')
    .description('install a CA in the caBundle of webhook configurations, keeping still-valid old CAs')
    .requiredOption('--webhook-name <name...>', 'name of a ValidatingWebhookConfiguration and/or MutatingWebhookConfiguration (repeatable)')
    .requiredOption('--ca-file <file>', 'PEM file with the CA that signed the serving certificate (ca.crt from `certs`)')
    .option('--kubeconfig <file>', 'kubeconfig to use (default: $KUBECONFIG, ~/.kube/config, then the in-cluster service account)')
    .action(async (options: CaBundleOptions) => runCaBundle(options, io));
}

async function runCaBundle(options: CaBundleOptions, io: CliIo): Promise<void> {
  const next = await readCa(options.caFile);
  // Imported here, not at the top: loading the client takes about half a
  // second, which every other command (serve's start-up included) would pay.
  const [k8s, config] = await Promise.all([import('@kubernetes/client-node'), loadConfig(options.kubeconfig, io.env)]);
  const api = config.makeApiClient(k8s.AdmissionregistrationV1Api);

  // Find every name before writing anything, so a typo changes nothing.
  const targets: Target[] = [];
  for (const name of new Set(options.webhookName)) {
    const found = await findConfigurations(k8s, api, name);
    if (found.length === 0) {
      throw new CliError(`no ValidatingWebhookConfiguration or MutatingWebhookConfiguration named ${JSON.stringify(name)}`, ExitCode.FAILURE);
    }
    targets.push(...found);
  }

  for (const target of targets) await installCa(k8s, api, target, next, io);
}

/**
 * installCa patches target's caBundle, reading it again and retrying when the
 * patch failed because the object changed meanwhile (its resourceVersion
 * moved); any other failure, or PATCH_ATTEMPTS of them, ends the command.
 */
async function installCa(k8s: KubernetesClient, api: AdmissionregistrationV1Api, target: Target, next: X509Certificate[], io: CliIo): Promise<void> {
  const label = `${target.kind}/${target.name}`;
  let object = target.object;
  for (let attempt = 1; ; attempt++) {
    const patch = caBundlePatch(object, next);
    if (patch.operations.length === 0) {
      io.stdout.write(`${label}: caBundle unchanged\n`);
      return;
    }
    const request = { name: target.name, body: patch.operations, fieldManager: FIELD_MANAGER };
    try {
      // The generated client sends application/json-patch+json, the first type it lists.
      if (target.kind === 'validatingwebhookconfiguration') await api.patchValidatingWebhookConfiguration(request);
      else await api.patchMutatingWebhookConfiguration(request);
      io.stdout.write(`${label}: caBundle updated in ${patch.webhooks} of ${object.webhooks?.length ?? 0} webhooks\n`);
      return;
    } catch (e) {
      const failure = new CliError(`patching ${label}`, ExitCode.FAILURE, { cause: apiCause(k8s, e) });
      if (attempt >= PATCH_ATTEMPTS) throw failure;
      const current = await readConfiguration(k8s, api, target.kind, target.name);
      // Only a change of the object explains a failed patch; otherwise trying again changes nothing.
      if (current === undefined || current.metadata?.resourceVersion === object.metadata?.resourceVersion) throw failure;
      object = current;
    }
  }
}

async function readCa(file: string): Promise<X509Certificate[]> {
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (e) {
    throw new CliError(`reading ${file}`, ExitCode.USAGE, { cause: e });
  }
  try {
    return readCaCertificates(pem, file);
  } catch (e) {
    throw new CliError(`--ca-file ${file} cannot be installed`, ExitCode.USAGE, { cause: e });
  }
}

/**
 * loadConfig reads the kubeconfig the way `serve --kube` does (no silent
 * fallback to localhost:8080, a current cluster required), but with the
 * service account last, as kubectl ranks it: this command is run by a person
 * or a Job, whose kubeconfig should win. $KUBECONFIG and $HOME come from
 * env. Any failure is a usage error, its message the whole line.
 */
async function loadConfig(file: string | undefined, env: CliIo['env']): Promise<KubeConfig> {
  const { kubeConfigEnvironment, loadKubeConfig } = await import('../kube/kube-config.js');
  try {
    return loadKubeConfig(file, kubeConfigEnvironment(env), 'in-cluster-last').config;
  } catch (e) {
    if (isKubeConfigError(e)) throw new CliError(e.message, ExitCode.USAGE, { cause: e.cause });
    throw e;
  }
}

/** findConfigurations reads name as both kinds; a 404 means "not this kind", anything else is a failure. */
async function findConfigurations(k8s: KubernetesClient, api: AdmissionregistrationV1Api, name: string): Promise<Target[]> {
  const found: Target[] = [];
  for (const kind of ['validatingwebhookconfiguration', 'mutatingwebhookconfiguration'] as const) {
    const object = await readConfiguration(k8s, api, kind, name);
    if (object) found.push({ kind, name, object });
  }
  return found;
}

/** readConfiguration reads one configuration: undefined when there is none (404), a CliError for any other failure. */
async function readConfiguration(k8s: KubernetesClient, api: AdmissionregistrationV1Api, kind: Kind, name: string): Promise<WebhookConfiguration | undefined> {
  try {
    if (kind === 'validatingwebhookconfiguration') return await api.readValidatingWebhookConfiguration({ name });
    return await api.readMutatingWebhookConfiguration({ name });
  } catch (e) {
    if (e instanceof k8s.ApiException && e.code === NOT_FOUND) return undefined;
    throw new CliError(`reading ${kind}/${name}`, ExitCode.FAILURE, { cause: apiCause(k8s, e) });
  }
}

/**
 * apiCause shortens an ApiException, whose message embeds the whole response
 * body and headers, to the status and the API server's own message. The
 * exception is deliberately not chained: errorMessage() would print it all.
 */
function apiCause(k8s: KubernetesClient, e: unknown): unknown {
  if (!(e instanceof k8s.ApiException)) return e;
  let message: string | undefined;
  try {
    const body: unknown = typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
    if (body && typeof body === 'object' && 'message' in body && typeof body.message === 'string') message = body.message;
  } catch {
    // Not a Status object; the status code alone will do.
  }
  return new Error(`HTTP ${e.code}${message ? `: ${message}` : ''}`);
}
