/**
 * Test support: the kubectl transcripts the documentation shows, by name, and
 * how they are found in the markdown. A transcript is marked with an HTML
 * comment on the line before its fenced block:
 *
 *     <!-- transcript: listener-defaulted -->
 *     ```console
 *     $ kubectl apply --dry-run=server -o yaml -f - <<'YAML'
 *     ...the case's standard input...
 *     YAML
 *     ...what kubectl printed, stdout and stderr as a terminal interleaves them...
 *     ```
 *
 * The block is rendered from the case and a real kubectl run, so the command
 * shown is the command run. transcripts.test.ts compares every marked block;
 * update-transcripts.ts rewrites them after a wording change.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Kubectl } from './kubectl.js';
import { REPO } from './stand-in.js';

/** TranscriptCommand is one kubectl run: its arguments, the heredoc on its stdin, and the exit code it must end with. */
export interface TranscriptCommand {
  args: string[];
  stdin?: string;
  exit: number;
}

const LISTENER = `apiVersion: skupper.io/v2alpha1
kind: Listener
metadata: {name: backend, namespace: default}
spec: {host: backend, port: 8080, routingKey: backend}
`;

const BAD_BINDING = `apiVersion: skupper.io/v2alpha1
kind: AttachedConnectorBinding
metadata: {name: backend, namespace: default}
spec: {connectorNamespace: Backend_NS, routingKey: backend}
`;

const UDP_LISTENER = `apiVersion: skupper.io/v2alpha1
kind: Listener
metadata: {name: backend, namespace: default}
spec: {host: backend, port: 8080, routingKey: backend, type: udp}
`;

/** TRANSCRIPTS are the cases the documentation may show, by the name its marker uses. */
export const TRANSCRIPTS: Record<string, TranscriptCommand[]> = {
  'listener-defaulted': [{ args: ['apply', '--dry-run=server', '-o', 'yaml', '-f', '-'], stdin: LISTENER, exit: 0 }],
  'binding-denied': [{ args: ['apply', '--dry-run=server', '-f', '-'], stdin: BAD_BINDING, exit: 1 }],
  'listener-warning': [{ args: ['apply', '--dry-run=server', '-f', '-'], stdin: UDP_LISTENER, exit: 0 }],
  'examples-valid': [
    { args: ['apply', '--dry-run=server', '-f', 'examples/valid/'], exit: 0 },
    { args: ['apply', '--dry-run=server', '-o', 'yaml', '-f', 'examples/valid/listener.yaml'], exit: 0 },
  ],
  'examples-invalid-listener': [{ args: ['apply', '--dry-run=server', '-f', 'examples/invalid/listener.yaml'], exit: 1 }],
  'examples-invalid': [{ args: ['apply', '--dry-run=server', '-f', 'examples/invalid/'], exit: 1 }],
};

/** renderTranscript runs each command of a case in the repository and renders the block it makes. */
export async function renderTranscript(kubectl: Kubectl, commands: readonly TranscriptCommand[]): Promise<{ text: string; exits: Array<number | null> }> {
  let text = '';
  const exits: Array<number | null> = [];
  for (const command of commands) {
    const run = await kubectl.runInterleaved(command.args, { stdin: command.stdin, cwd: REPO });
    exits.push(run.code);
    text += `$ kubectl ${command.args.map(shellWord).join(' ')}`;
    text += command.stdin === undefined ? '\n' : ` <<'YAML'\n${command.stdin}YAML\n`;
    text += run.output;
  }
  return { text: text.replace(/\n$/, ''), exits };
}

/** MarkedBlock is a fenced block with a transcript marker, where it is. */
export interface MarkedBlock {
  file: string;
  name: string;
  /** body is the lines between the fences, without the last newline. */
  body: string;
  /** start and end are the offsets of those lines in the file, the last newline included. */
  start: number;
  end: number;
}

// The fence line, then every line up to the next line that starts with ```.
const MARKED_BLOCK = /<!-- transcript: ([\w-]+) -->\n```[a-z]*\n((?:(?!```).*\n)*)```/g;

/** documentationFiles are README.md and every docs/**.md, relative to the repository. */
export function documentationFiles(): string[] {
  const docs = path.join(REPO, 'docs');
  const inDocs = readdirSafe(docs).filter((f) => f.endsWith('.md')).map((f) => path.join('docs', f));
  return ['README.md', ...inDocs];
}

/** markedBlocks finds every marked block of file. */
export function markedBlocks(file: string): MarkedBlock[] {
  const text = readFileSync(path.join(REPO, file), 'utf8');
  return [...text.matchAll(MARKED_BLOCK)].map((m) => {
    const end = m.index + m[0].length - '```'.length;
    return { file, name: m[1]!, body: m[2]!.replace(/\n$/, ''), start: end - m[2]!.length, end };
  });
}

/** unmarkedTranscripts returns the first line of each fenced block of file that looks like kubectl's and has no marker. */
export function unmarkedTranscripts(file: string): string[] {
  const text = readFileSync(path.join(REPO, file), 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(^|\n)(<!-- transcript: [\w-]+ -->\n)?```[a-z]*\n((?:(?!```).*\n)*)```/g)) {
    const looksLikeKubectl = /^(\$ kubectl |Error from server|The \w+ "[^"]*" is invalid|.*\(server dry run\)$)/m.test(m[3]!);
    if (looksLikeKubectl && !m[2]) found.push(m[3]!.split('\n')[0]!);
  }
  return found;
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true }).map(String);
  } catch {
    return [];
  }
}

function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
