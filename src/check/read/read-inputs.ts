/**
 * readInputs turns the command line's inputs into texts to check: files as
 * named, folders walked recursively for manifest files, and `-` for standard
 * input. An input that cannot be read, is larger than MAX_INPUT_BYTES, or is
 * not UTF-8, becomes an InputError in the stream, in its place, so one bad
 * path never stops the others from being checked.
 */
import { createReadStream } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
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

/**
 * MAX_INPUT_BYTES bounds what check reads of one input, a file or standard
 * input: larger than any bundle of manifests (the API server takes at most
 * 3 MiB for one object), and small enough that reading and parsing it stays
 * within a few hundred megabytes whatever its content. An input that goes on
 * past it (/dev/zero, a runaway pipe) is read no further.
 */
export const MAX_INPUT_BYTES = 8 * 1024 * 1024;

/** TOO_LARGE is the message for an input past MAX_INPUT_BYTES. */
export const TOO_LARGE = `too large: check reads at most ${MAX_INPUT_BYTES / (1024 * 1024)} MiB (${MAX_INPUT_BYTES} bytes) of one input`;

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

/**
 * readAtMost reads chunks up to MAX_INPUT_BYTES, and an InputError for name
 * as soon as there are more: it stops reading there (breaking out of the
 * loop closes a file stream), so memory stays bounded whatever comes.
 */
async function readAtMost(name: string, chunks: AsyncIterable<Buffer | string>): Promise<InputSource | InputError> {
  const read: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of chunks) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      if (size > MAX_INPUT_BYTES) return new InputError(TOO_LARGE, { file: name });
      read.push(bytes);
    }
  } catch (e) {
    return new InputError('cannot read', { file: name, cause: e });
  }
  return source(name, Buffer.concat(read, size));
}

function readStdin(stdin: AsyncIterable<Buffer | string>): Promise<InputSource | InputError> {
  return readAtMost(STDIN_NAME, stdin);
}

async function readSource(file: string): Promise<InputSource | InputError> {
  try {
    // A regular file says its size: one too large is refused unread.
    const info = await stat(file);
    if (info.isFile() && info.size > MAX_INPUT_BYTES) return new InputError(TOO_LARGE, { file });
  } catch (e) {
    return new InputError('cannot read', { file, cause: e });
  }
  return readAtMost(file, createReadStream(file));
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
