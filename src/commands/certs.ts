import { InvalidArgumentError, type Command } from 'commander';
import { isIP } from 'node:net';
import { CliError } from '../cli/cli-error.js';
import { ExitCode } from '../cli/exit-codes.js';
import { existingCertificateFiles, writeCertificateFiles } from '../tls/certificate-files.js';
import { encodeCaBundle } from '../tls/ca-bundle.js';
import { CA_VALIDITY_DAYS, DEFAULT_SERVING_DAYS, generateCertificates, serviceDnsNames } from '../tls/generate.js';

/** DEFAULT_NAME is both the Service and the namespace the manifests in manifests/ create. */
const DEFAULT_NAME = 'skupper-webhook';

/** DEFAULT_OUT is the directory `serve` reads when given no --tls-cert/--tls-key. */
const DEFAULT_OUT = 'certs';

/** LOCALHOST_DNS_NAMES and LOCALHOST_IP_ADDRESSES are what --localhost adds, for running the server outside the cluster. */
const LOCALHOST_DNS_NAMES = ['localhost'];
const LOCALHOST_IP_ADDRESSES = ['127.0.0.1'];

/** DNS_1123_LABEL is the rule for Service and namespace names (https://kubernetes.io/docs/concepts/overview/working-with-objects/names/). */
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** DNS_NAME accepts a DNS-1123 subdomain, optionally with a leading wildcard label. */
const DNS_NAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** CertsOptions are the parsed flags of `certs`. */
interface CertsOptions {
  out: string;
  service: string;
  namespace: string;
  days: number;
  dns: string[];
  ip: string[];
  localhost: boolean;
  force: boolean;
}

/** register adds the `certs` command to program. */
export function register(program: Command): void {
  program
    .command('certs')
    .description('write a CA and a serving certificate for the webhook Service, and print the caBundle')
    .option('--out <dir>', 'directory to write ca.crt, ca.key, tls.crt and tls.key into', DEFAULT_OUT)
    .option('--service <name>', 'name of the webhook Service', DEFAULT_NAME)
    .option('--namespace <ns>', 'namespace of the webhook Service', DEFAULT_NAME)
    .option('--days <n>', `lifetime of the serving certificate in days (at most ${CA_VALIDITY_DAYS}, the CA's)`, parseDays, DEFAULT_SERVING_DAYS)
    .option('--dns <name>', 'extra DNS name for the serving certificate (repeatable)', collect, [])
    .option('--ip <address>', 'extra IP address for the serving certificate (repeatable)', collect, [])
    .option('--localhost', 'also make the certificate valid for localhost and 127.0.0.1', false)
    .option('--force', 'replace existing files in --out', false)
    .action(async (options: CertsOptions) => runCerts(options));
}

async function runCerts(options: CertsOptions): Promise<void> {
  for (const [flag, value] of [['--service', options.service], ['--namespace', options.namespace]] as const) {
    if (!DNS_1123_LABEL.test(value)) {
      throw new CliError(`${flag} ${JSON.stringify(value)} is not a valid name (lower-case letters, digits and '-', at most 63 characters)`);
    }
  }
  for (const name of options.dns) {
    if (!DNS_NAME.test(name) || name.length > 253) throw new CliError(`--dns ${JSON.stringify(name)} is not a valid DNS name`);
  }
  for (const address of options.ip) {
    if (isIP(address) === 0) throw new CliError(`--ip ${JSON.stringify(address)} is not an IP address`);
  }
  if (!options.force) {
    // Checked before generating keys, so the answer is immediate.
    const existing = await existingCertificateFiles(options.out);
    if (existing.length > 0) {
      throw new CliError(`${existing.join(', ')} already ${existing.length === 1 ? 'exists' : 'exist'}; pass --force to replace`);
    }
  }

  const dnsNames = [...serviceDnsNames(options.service, options.namespace), ...options.dns];
  const ipAddresses = [...options.ip];
  if (options.localhost) {
    dnsNames.push(...LOCALHOST_DNS_NAMES);
    ipAddresses.push(...LOCALHOST_IP_ADDRESSES);
  }

  let paths;
  let caCert;
  try {
    const certificates = await generateCertificates({ dnsNames, ipAddresses, days: options.days, caCommonName: `${options.service}-ca` });
    paths = await writeCertificateFiles(options.out, certificates, { force: options.force });
    caCert = certificates.caCert;
  } catch (e) {
    throw new CliError('writing certificates', ExitCode.FAILURE, { cause: e });
  }

  process.stderr.write(`wrote ${paths.caCert}, ${paths.caKey}, ${paths.tlsCert}, ${paths.tlsKey}\n`);
  // stdout carries only the line to paste into (or script into) the webhook configurations.
  process.stdout.write(`caBundle: ${encodeCaBundle(caCert)}\n`);
}

function parseDays(value: string): number {
  const days = Number(value);
  if (!/^\d+$/.test(value) || days < 1 || days > CA_VALIDITY_DAYS) {
    throw new InvalidArgumentError(`expected a whole number of days from 1 to ${CA_VALIDITY_DAYS}`);
  }
  return days;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
