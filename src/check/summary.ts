/**
 * summarize counts a run's outcomes for the summary line and the exit code
 * (commands/check-exit-code.ts).
 * Each count is of documents (or, for unreadable, of inputs): checked are the
 * reviewed ones, denied and warned those among them that drew a denial or a
 * warning (a denied document may be warned too, as kubectl shows both), and
 * skipped the ones the webhook does not guard.
 */
import type { DocumentOutcome, FileResult } from './check-documents.js';

/** Summary is what a run found. */
export interface Summary {
  checked: number;
  denied: number;
  warned: number;
  skipped: number;
  /** unreadable counts files that could not be read or parsed and documents that are not Kubernetes objects. */
  unreadable: number;
}

/** summarize counts every file's outcomes. */
export function summarize(results: readonly FileResult[]): Summary {
  const summary: Summary = { checked: 0, denied: 0, warned: 0, skipped: 0, unreadable: 0 };
  for (const result of results) {
    if (result.errors.length > 0) summary.unreadable++;
    count(result.documents, summary);
  }
  return summary;
}

function count(outcomes: readonly DocumentOutcome[], summary: Summary): void {
  for (const outcome of outcomes) {
    switch (outcome.status) {
      case 'empty':
        break;
      case 'refused':
        summary.unreadable++;
        break;
      case 'skipped':
        summary.skipped++;
        break;
      case 'list':
        count(outcome.items, summary);
        break;
      case 'admitted':
      case 'denied':
        summary.checked++;
        if (outcome.status === 'denied') summary.denied++;
        if (outcome.warnings.length > 0) summary.warned++;
        break;
    }
  }
}

/**
 * hasNoObjects reports whether a run found nothing at all: no object checked
 * or skipped, and no input or document it could not read. kubectl apply
 * refuses that ("error: no objects passed to apply"), and a check that
 * passed it would let a wrong path or an empty render pass CI.
 */
export function hasNoObjects(summary: Summary): boolean {
  return summary.checked + summary.skipped + summary.unreadable === 0;
}

/** formatSummary is the summary line; "N unreadable" only appears when there are any. */
export function formatSummary(summary: Summary): string {
  const parts = [
    `${summary.checked} checked`,
    `${summary.denied} denied`,
    `${summary.warned} warned`,
    `${summary.skipped} skipped`,
  ];
  if (summary.unreadable > 0) parts.push(`${summary.unreadable} unreadable`);
  return parts.join(', ');
}
