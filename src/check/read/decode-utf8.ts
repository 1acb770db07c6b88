/**
 * decodeUtf8 turns an input's bytes into text, refusing bytes that are not
 * UTF-8. Node's own decoding would put U+FFFD in their place and check a
 * value the file never held; go-yaml, which kubectl reads manifests with,
 * refuses such a file ("invalid leading UTF-8 octet"), and so does `check`.
 */
import { isUtf8 } from 'node:buffer';
import { InputError } from './input-error.js';

/** REPLACEMENT_CHARACTER is what a decoder writes for bytes that are not UTF-8. */
const REPLACEMENT_CHARACTER = '\uFFFD';

/** ENCODED_REPLACEMENT_CHARACTER is U+FFFD written as UTF-8, as a file may hold it on purpose. */
const ENCODED_REPLACEMENT_CHARACTER = Buffer.from(REPLACEMENT_CHARACTER, 'utf8');

/**
 * decodeUtf8 returns the text of bytes, or an InputError for file at the line
 * and column of the first byte that is not UTF-8. The check is isUtf8's, in
 * native code; only a file that fails it is searched for the place.
 */
export function decodeUtf8(file: string, bytes: Buffer): string | InputError {
  const text = bytes.toString('utf8');
  if (isUtf8(bytes)) return text;
  // Every U+FFFD before the first invalid sequence was written as such (3 bytes), so the text and the bytes stay in step up to it.
  let offset = 0;
  let counted = 0;
  for (let index = text.indexOf(REPLACEMENT_CHARACTER); index !== -1; index = text.indexOf(REPLACEMENT_CHARACTER, index + 1)) {
    offset += Buffer.byteLength(text.slice(counted, index), 'utf8');
    counted = index;
    if (!bytes.subarray(offset, offset + ENCODED_REPLACEMENT_CHARACTER.length).equals(ENCODED_REPLACEMENT_CHARACTER)) {
      const lineStart = text.lastIndexOf('\n', index - 1) + 1;
      const line = countLineFeeds(text, index) + 1;
      const byte = `0x${bytes[offset]!.toString(16).padStart(2, '0')}`;
      return new InputError(`not valid UTF-8: byte ${byte} at offset ${offset}`, { file, line, column: index - lineStart + 1 });
    }
  }
  // Unreachable while isUtf8 and toString agree; refuse the file all the same, without a place.
  return new InputError('not valid UTF-8', { file });
}

function countLineFeeds(text: string, end: number): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < end; index = text.indexOf('\n', index + 1)) count++;
  return count;
}
