/**
 * `skupper-webhook check`: the webhook's verdict on manifests, without a
 * cluster. Every skupper.io/v2alpha1 object of a guarded kind (Listener,
 * MultiKeyListener, Connector, AttachedConnector, AttachedConnectorBinding)
 * goes through the same request and the same mutate-then-validate code as
 * on the server (src/check/check-documents.ts), so the two cannot disagree.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { createWebhooks } from '../admission/webhooks.js';
import { CliError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { serviceNameValidationOption } from './service-name-option.js';
import { ExitCode } from './exit-codes.js';
import { DEFAULT_NAMESPACE } from '../check/admission-request.js';
import { checkSource, type FileResult } from '../check/check-documents.js';
import { shouldColor } from '../check/color.js';
import { isInputError } from '../check/read/input-error.js';
import { MANIFEST_EXTENSIONS, readInputs, STDIN_ARGUMENT, STDIN_NAME } from '../check/read/read-inputs.js';
import { OUTPUT_FORMATS, type OutputFormat, renderReport } from '../check/report.js';
import { hasNoObjects } from '../check/summary.js';
import { exitCodeFor } from './check-exit-code.js';
import { isDNS1123Label } from '../validation/names.js';
import type { ServiceNameValidation } from '../validation/service-name.js';

/** CheckFlags are the parsed flags of `check`. */
interface CheckFlags {
  namespace: string;
  output: OutputFormat;
  serviceNameValidation: ServiceNameValidation;
}

const HELP_AFTER = `
Reads YAML or JSON files (multi-document, List kinds), folders (recursively:
.yaml, .yml, .json) and - for standard input. Listeners,
MultiKeyListeners, Connectors, AttachedConnectors and AttachedConnectorBindings
of skupper.io/v2alpha1 are reviewed as a CREATE; everything else is skipped.

Exit codes:
  ${ExitCode.OK}  every document admitted
  ${ExitCode.DENIED}  at least one document denied
  ${ExitCode.USAGE}  usage error, an input that cannot be read or parsed (the rest is still checked),
     or no objects at all in the inputs`;

/** parseNamespace accepts what the API server accepts as a namespace name. */
function parseNamespace(value: string): string {
  const messages = isDNS1123Label(value);
  if (messages.length > 0) throw new InvalidArgumentError(messages.join(', '));
  return value;
}

/** register adds the `check` command to program. */
export function register(program: Command, io: CliIo): void {
  program
    .command('check')
    .description("show the webhook's verdict on manifests, without a cluster")
    .argument('[inputs...]', 'files, folders, or - for standard input')
    .addOption(new Option('-n, --namespace <namespace>', 'namespace for documents that name none').default(DEFAULT_NAMESPACE).argParser(parseNamespace))
    .addOption(new Option('-o, --output <format>', 'text: findings only; yaml, json: the documents after mutation').choices(OUTPUT_FORMATS).default('text'))
    .addOption(serviceNameValidationOption())
    .addHelpText('after', HELP_AFTER)
    .action(async (inputs: string[], flags: CheckFlags) => runCheck(inputs, flags, io));
}

async function runCheck(inputs: string[], flags: CheckFlags, io: CliIo): Promise<void> {
  if (inputs.length === 0) throw new CliError('no input: name files, folders, or - for standard input');
  // A run usually meets one or two kinds: the schemas of the others need not be compiled.
  const webhooks = createWebhooks({ serviceNameValidation: flags.serviceNameValidation, schemaCompilation: 'on-first-use' });
  const results: FileResult[] = [];
  for await (const input of readInputs(inputs, io.stdin)) {
    results.push(
      isInputError(input)
        ? { file: input.file, errors: [input], documents: [] }
        : checkSource(webhooks, input, { namespace: flags.namespace }),
    );
  }
  const findingsStream = flags.output === 'text' ? io.stdout : io.stderr;
  const report = renderReport(results, { output: flags.output, color: shouldColor(findingsStream, io.env) });
  if (hasNoObjects(report.summary)) throw new CliError(noObjectsMessage(inputs, results.length));
  io.stdout.write(report.stdout);
  io.stderr.write(report.stderr);
  io.exitCode = exitCodeFor(report.summary);
}

/** noObjectsMessage says why a run found nothing: no manifest file in the folders named, or nothing but empty documents. */
function noObjectsMessage(inputs: readonly string[], inputsRead: number): string {
  const names = inputs.map((input) => (input === STDIN_ARGUMENT ? STDIN_NAME : input)).join(', ');
  const extensions = `${MANIFEST_EXTENSIONS.slice(0, -1).join(', ')} or ${MANIFEST_EXTENSIONS.at(-1)}`;
  if (inputsRead === 0) return `no objects to check: no ${extensions} file in ${names}`;
  return `no objects to check: nothing but empty documents in ${names}`;
}
