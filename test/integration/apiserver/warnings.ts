/**
 * Warnings as the API server returns them: one `Warning: 299 - "<text>"`
 * HTTP header each (RFC 7234 warn-code 299, agent "-", the text quoted with
 * `"` and `\` escaped: apimachinery util/net NewWarningHeader), collected
 * through the whole request by a recorder that drops a text it already has
 * and a text with control characters (apiserver endpoints/filters/warning.go).
 * kubectl prints each as `Warning: <text>` on stderr. The recorder's 4 KiB
 * budget, past which long texts are truncated, is not modelled.
 */
import type { ServerResponse } from 'node:http';

/** WarningRecorder collects the warnings of one request. */
export class WarningRecorder {
  private readonly texts: string[] = [];

  /** add records text unless it is empty, already recorded, or has a control character. */
  add(text: string): void {
    if (text === '' || this.texts.includes(text) || /\p{Cc}/u.test(text)) return;
    this.texts.push(text);
  }

  /** all returns the recorded texts, in order. */
  all(): readonly string[] {
    return this.texts;
  }

  /** writeHeaders sets one Warning header per text on response. */
  writeHeaders(response: ServerResponse): void {
    if (this.texts.length === 0) return;
    // Node writes header strings as latin1, so UTF-8 text goes out byte for byte as Go writes it.
    response.setHeader(
      'Warning',
      this.texts.map((text) => Buffer.from(warningHeader(text), 'utf8').toString('latin1')),
    );
  }
}

/** warningHeader is NewWarningHeader(299, "-", text). */
export function warningHeader(text: string): string {
  return `299 - "${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}
