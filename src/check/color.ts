/**
 * Terminal colour for `check`'s findings: on only when the stream they go to
 * is a terminal and NO_COLOR is unset or empty (https://no-color.org), so
 * pipes, files and CI logs always get plain text.
 */

/** STYLES are the ANSI SGR sequences in use, each with its reset. */
const STYLES = {
  bold: ['\u001b[1m', '\u001b[22m'],
  red: ['\u001b[31m', '\u001b[39m'],
  yellow: ['\u001b[33m', '\u001b[39m'],
  cyan: ['\u001b[36m', '\u001b[39m'],
} as const;

/** Style is one of STYLES. */
export type Style = keyof typeof STYLES;

/** Paint styles text, or returns it as it is when colour is off. */
export type Paint = (style: Style, text: string) => string;

/** shouldColor reports whether output to stream may be coloured. */
export function shouldColor(stream: { isTTY?: boolean }, env: Record<string, string | undefined> = process.env): boolean {
  const noColor = env['NO_COLOR'];
  return stream.isTTY === true && (noColor === undefined || noColor === '');
}

/** painter returns a Paint that colours when enabled and does nothing otherwise. */
export function painter(enabled: boolean): Paint {
  if (!enabled) return (_style, text) => text;
  return (style, text) => `${STYLES[style][0]}${text}${STYLES[style][1]}`;
}
