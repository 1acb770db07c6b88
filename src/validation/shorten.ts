/**
 * Shortening of client-supplied text before it is quoted in an answer.
 *
 * apimachinery quotes a field error's bad value whole (field.Error.ErrorBody
 * has no limit) and leaves the value out only for TooLong; the API server can
 * afford that because its own request limit (3 MiB) bounds every value. This
 * webhook answers whatever it is sent, so a value, a key in a field path or a
 * name is shown in full up to MAX_SHOWN_CHARS and cut after that, with its
 * real size, so that a 5 MB name costs a few hundred bytes of answer, not
 * 10 MB (the cause and the message would each quote it).
 */

/**
 * MAX_SHOWN_CHARS is how much of a value an answer quotes: the API server's
 * own cut for a warning item (truncateItemRunes in
 * k8s.io/apiserver/pkg/endpoints/filters/warning.go), and more than any valid
 * name (253) or label (63), so that what is cut was invalid anyway.
 */
export const MAX_SHOWN_CHARS = 256;

/** head is the first max characters of text, never ending inside a surrogate pair. */
function head(text: string, max: number): string {
  const end = /[\ud800-\udbff]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return text.slice(0, end);
}

/**
 * shortened is text itself when it is at most MAX_SHOWN_CHARS long, else its
 * head followed by `... (N bytes)`, N being the whole text's UTF-8 size.
 */
export function shortened(text: string, max: number = MAX_SHOWN_CHARS): string {
  if (text.length <= max) return text;
  return `${head(text, max)}... (${Buffer.byteLength(text, 'utf8')} bytes)`;
}

/**
 * quoted is text as Go's %q and JSON write it, between double quotes; a text
 * over MAX_SHOWN_CHARS is quoted up to there and followed by
 * `... (N bytes)` outside the quotes, so the quotes never hold what the
 * client did not send.
 */
export function quoted(text: string, max: number = MAX_SHOWN_CHARS): string {
  if (text.length <= max) return JSON.stringify(text);
  return `${JSON.stringify(head(text, max))}... (${Buffer.byteLength(text, 'utf8')} bytes)`;
}

/** NESTED_TOO_DEEPLY_TO_SHOW stands for a value JSON.stringify cannot write: it recurses, and a value thousands deep exhausts the stack. */
export const NESTED_TOO_DEEPLY_TO_SHOW = '<nested too deeply to show>';

/** quotedJson is any JSON value as JSON text, shortened as quoted shortens a string. */
export function quotedJson(value: unknown, max: number = MAX_SHOWN_CHARS): string {
  if (typeof value === 'string') return quoted(value, max);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch (e) {
    if (e instanceof RangeError) return NESTED_TOO_DEEPLY_TO_SHOW;
    throw e;
  }
  return shortened(text, max);
}
