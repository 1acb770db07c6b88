import { InvalidArgumentError, type Command } from 'commander';
import type { Stats } from 'node:fs';
import { lstat, stat } from 'node:fs/promises';
import { isIP } from 'node:net';
import { CliError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { ExitCode } from './exit-codes.js';
import { collect } from './option-parsers.js';
import { existingCertificateFiles, writeCertificateFiles, type CertificatePaths } from '../tls/certificate-files.js';
import { encodeCaBundle } from '../tls/ca-bundle.js';
import { ipAddressProblem } from '../tls/ip-address.js';
import {
  CA_VALIDITY_DAYS,
  DEFAULT_SERVING_DAYS,
  generateCertificates,
  serviceDnsNames,
  type GeneratedCertificates,
} from '../tls/generate.js';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain } from '../validation/names.js';

/** DEFAULT_NAME is both the Service and the namespace the manifests in manifests/ create. */
const DEFAULT_NAME = 'skupper-webhook';

/** DEFAULT_OUT is the directory `serve` reads when given no --tls-cert/--tls-key. */
const DEFAULT_OUT = 'certs';

/** LOCALHOST_DNS_NAMES and LOCALHOST_IP_ADDRESSES are what --localhost adds, for running the server outside the cluster. */
const LOCALHOST_DNS_NAMES = ['localhost'];
const LOCALHOST_IP_ADDRESSES = ['127.0.0.1'];

/** WILDCARD_PREFIX may start a --dns name; the rest must be a DNS-1123 subdomain. */
const WILDCARD_PREFIX = '*.';

/** CertsOptions are the parsed flags of `certs`. */
interface CertsOptions {
  out: string;
  service: string;
  namespace: string;
  days: number;
  dns?: string[];
  ip?: string[];
  localhost?: boolean;
  force?: boolean;
}

/** register adds the `certs` command to program; it writes to io. */
export function register(program: Command, io: CliIo): void {
  program
    .command('certs')
    .description('write a CA and a serving certificate for the webhook Service, and print the caBundle')
    .option('--out <dir>', 'directory to write ca.crt, ca.key, tls.crt and tls.key into', DEFAULT_OUT)
    .option('--service <name>', 'name of the webhook Service', DEFAULT_NAME)
    .option('--namespace <ns>', 'namespace of the webhook Service', DEFAULT_NAME)
    .option('--days <n>', `lifetime of the serving certificate in days (at most ${CA_VALIDITY_DAYS}, the CA's)`, parseDays, DEFAULT_SERVING_DAYS)
    .option('--dns <name>', 'extra DNS name for the serving certificate (repeatable)', collect)
    .option('--ip <address>', 'extra IP address for the serving certificate (repeatable)', collect)
    .option('--localhost', 'also make the certificate valid for localhost and 127.0.0.1')
    .option('--force', 'replace existing files in --out')
    .action(async (options: CertsOptions) => runCerts(options, io));
}

async function runCerts(options: CertsOptions, io: CliIo): Promise<void> {
  const extraDns = options.dns ?? [];
  const extraIps = options.ip ?? [];
  const force = options.force ?? false;
  // The API server's own rules, so a name it would refuse fails here first.
  checkName('--service', options.service, isDNS1035Label(options.service));
  checkName('--namespace', options.namespace, isDNS1123Label(options.namespace));
  for (const name of extraDns) {
    // An IPv4 address is also a valid RFC 1123 subdomain, but clients match it only against IP SANs.
    if (isIP(name) !== 0) throw new CliError(`--dns ${JSON.stringify(name)} is an IP address, not a DNS name; pass it with --ip`);
    checkName('--dns', name, isDNS1123Subdomain(name.startsWith(WILDCARD_PREFIX) ? name.slice(WILDCARD_PREFIX.length) : name));
  }
  for (const address of extraIps) {
    const problem = ipAddressProblem(address);
    if (problem !== undefined) throw new CliError(`--ip ${JSON.stringify(address)} ${problem}`);
  }
  await checkOutDirectory(options.out);
  if (!force) {
    // Checked before generating keys, so the answer is immediate.
    const existing = await existingCertificateFiles(options.out);
    if (existing.length > 0) {
      throw new CliError(`${existing.join(', ')} already ${existing.length === 1 ? 'exists' : 'exist'}; pass --force to replace`);
    }
  }

  const dnsNames = [...serviceDnsNames(options.service, options.namespace), ...extraDns];
  const ipAddresses = [...extraIps];
  if (options.localhost) {
    dnsNames.push(...LOCALHOST_DNS_NAMES);
    ipAddresses.push(...LOCALHOST_IP_ADDRESSES);
  }

  let certificates: GeneratedCertificates;
  let paths: CertificatePaths;
  try {
    certificates = await generateCertificates({ dnsNames, ipAddresses, days: options.days, caCommonName: `${options.service}-ca` });
    paths = await writeCertificateFiles(options.out, certificates, { force });
  } catch (e) {
    throw new CliError('writing certificates', ExitCode.FAILURE, { cause: e });
  }

  io.stderr.write(`wrote ${paths.caCert}, ${paths.caKey}, ${paths.tlsCert}, ${paths.tlsKey}\n`);
  // stdout carries only the line to paste into (or script into) the webhook configurations.
  io.stdout.write(`caBundle: ${encodeCaBundle(certificates.caCert)}\n`);
}

/** checkOutDirectory refuses an --out that is a file, or lies under one, before any key is generated. */
async function checkOutDirectory(out: string): Promise<void> {
  let stats: Stats;
  try {
    stats = await stat(out);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw new CliError(`--out ${out} is not a directory: part of its path is a file`);
    if (code === 'EACCES') throw new CliError(`--out ${out} cannot be reached: permission denied`);
    // ENOENT: writing creates it, unless it is a link to nothing, which mkdir cannot follow.
    if (code === 'ENOENT' && (await isSymbolicLink(out))) throw new CliError(`--out ${out} is a symbolic link to a path that does not exist`);
    return;
  }
  if (!stats.isDirectory()) throw new CliError(`--out ${out} is not a directory`);
}

async function isSymbolicLink(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isSymbolicLink();
  } catch {
    return false;
  }
}

function checkName(flag: string, value: string, problems: string[]): void {
  if (problems.length > 0) throw new CliError(`${flag} ${JSON.stringify(value)}: ${problems.join('; ')}`);
}

function parseDays(value: string): number {
  const days = Number(value);
  if (!/^\d+$/.test(value) || days < 1 || days > CA_VALIDITY_DAYS) {
    throw new InvalidArgumentError(`expected a whole number of days from 1 to ${CA_VALIDITY_DAYS}`);
  }
  return days;
}
