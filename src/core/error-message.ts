/** MAX_CAUSE_DEPTH bounds the causes followed: a cycle of causes must not loop, and five say enough for one line. */
const MAX_CAUSE_DEPTH = 5;

/**
 * errorMessage turns anything thrown into one line of text, following the
 * cause chain ("reading certs/tls.crt: ENOENT: no such file or directory").
 * It is the only place errors become text; never JSON.stringify an error.
 */
export function errorMessage(e: unknown): string {
  const parts: string[] = [];
  let current: unknown = e;
  for (let depth = 0; current !== undefined && current !== null && depth < MAX_CAUSE_DEPTH; depth++) {
    if (current instanceof Error) {
      if (current.message && !parts.includes(current.message)) parts.push(current.message);
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return (parts.join(': ') || 'unknown error').replace(/\s*\n\s*/g, ' ');
}
