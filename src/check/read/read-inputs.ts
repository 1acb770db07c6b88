/**
 * readInputs turns the command line's inputs into texts to check: files as
 * named, folders walked recursively for manifest files, and `-` for standard
 * input. An input that cannot be read, or is not UTF-8, becomes an InputError
 * in the stream, in its place, so one bad path never stops the others from
 * being checked.
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { decodeUtf8 } from './decode-utf8.js';
import { InputError } from './input-error.js';

/** STDIN_ARGUMENT is the argument that stands for standard input, as in kubectl apply -f -. */
export const STDIN_ARGUMENT = '-';

/** STDIN_NAME is how findings name standard input. */
export const STDIN_NAME = '<stdin>';

/**
 * MANIFEST_EXTENSIONS are the file names a folder walk picks up, as kubectl
 * apply -R does. A file named on the command line is read whatever its name.
 */
export const MANIFEST_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json'];

/** InputSource is one input's name and text. */
export interface InputSource {
  name: string;
  text: string;
}

/** isManifestFile reports whether a folder walk checks the file called name. */
export function isManifestFile(name: string): boolean {
  return MANIFEST_EXTENSIONS.includes(path.extname(name).toLowerCase());
}

/**
 * readInputs yields every input in command-line order; a folder is walked
 * depth first, each folder's entries in code-point order, so the order is the
 * same on every machine and in every locale.
 */
export async function* readInputs(
  args: readonly string[],
  stdin: AsyncIterable<Buffer | string> = process.stdin,
): AsyncGenerator<InputSource | InputError> {
  for (const arg of args) {
    if (arg === STDIN_ARGUMENT) {
      yield await readStdin(stdin);
      continue;
    }
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(arg)).isDirectory();
    } catch (e) {
      yield new InputError('cannot read', { file: arg, cause: e });
      continue;
    }
    if (isDirectory) yield* walk(arg, new Set());
    else yield await readSource(arg);
  }
}

async function readStdin(stdin: AsyncIterable<Buffer | string>): Promise<InputSource | InputError> {
  let bytes: Buffer;
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    bytes = Buffer.concat(chunks);
  } catch (e) {
    return new InputError('cannot read', { file: STDIN_NAME, cause: e });
  }
  return source(STDIN_NAME, bytes);
}

async function readSource(file: string): Promise<InputSource | InputError> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    return new InputError('cannot read', { file, cause: e });
  }
  return source(file, bytes);
}

function source(name: string, bytes: Buffer): InputSource | InputError {
  const text = decodeUtf8(name, bytes);
  return typeof text === 'string' ? { name, text } : text;
}

/** walk yields a folder's manifest files; seen holds real paths, so a symbolic link loop is walked once. */
async function* walk(dir: string, seen: Set<string>): AsyncGenerator<InputSource | InputError> {
  let names: string[];
  try {
    const real = await realpath(dir);
    if (seen.has(real)) return;
    seen.add(real);
    names = (await readdir(dir)).sort(byCodePoint);
  } catch (e) {
    yield new InputError('cannot read folder', { file: dir, cause: e });
    return;
  }
  for (const name of names) {
    const file = path.join(dir, name);
    let isDirectory: boolean;
    try {
      // stat, not the directory entry: a symbolic link counts as what it points to.
      isDirectory = (await stat(file)).isDirectory();
    } catch (e) {
      if (isManifestFile(name)) yield new InputError('cannot read', { file, cause: e });
      continue;
    }
    if (isDirectory) yield* walk(file, seen);
    else if (isManifestFile(name)) yield await readSource(file);
  }
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
