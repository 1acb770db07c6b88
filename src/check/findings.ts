/**
 * Findings are the lines `check` prints about documents and inputs, in the
 * shape compilers and kubectl use so that editors and CI logs can point at
 * them:
 *
 *   FILE:DOC: Kind/namespace/name: field: message     one line per cause of a denial
 *   FILE:DOC: Kind/namespace/name: Warning: text      an admission warning
 *   FILE:DOC: Kind/namespace/name: Note: text         a document skipped for a reason worth knowing
 *   FILE:DOC: error: text                             a document that is not a Kubernetes object
 *   FILE:LINE:COLUMN: error: text                     a syntax error
 *   FILE: error: text                                 an input that cannot be read
 */
import { errorMessage } from '../core/error-message.js';
import type { DocumentOutcome, FileResult, Review, Subject } from './check-documents.js';
import type { Paint } from './color.js';
import type { InputError } from './read/input-error.js';

/** FindingSeverity orders nothing; it picks the label and colour. */
export type FindingSeverity = 'error' | 'denied' | 'warning' | 'note';

/** Finding is one line of the report, before formatting. */
export interface Finding {
  /** location is "FILE:DOC", "FILE:LINE:COLUMN" or "FILE". */
  location: string;
  subject?: Subject;
  severity: FindingSeverity;
  text: string;
}

/** LABELS start a finding's text, as kubectl starts its warnings with "Warning: ". */
const LABELS: Record<FindingSeverity, string> = { error: 'error: ', denied: '', warning: 'Warning: ', note: 'Note: ' };

/** fileFindings lists a file's findings in document order. */
export function fileFindings(result: FileResult): Finding[] {
  const findings = result.errors.map(errorFinding);
  collect(result.file, result.documents, findings);
  return findings;
}

/**
 * errorFinding places an input error. A syntax error's own message is the
 * whole story (its cause only repeats it, with an offset the location
 * replaces); a read error needs its cause ("cannot read: ENOENT: ...").
 */
function errorFinding(error: InputError): Finding {
  if (error.line === undefined) return { location: error.file, severity: 'error', text: errorMessage(error) };
  return { location: `${error.file}:${error.line}:${error.column ?? 1}`, severity: 'error', text: error.message };
}

function collect(file: string, outcomes: readonly DocumentOutcome[], findings: Finding[]): void {
  for (const outcome of outcomes) {
    const location = `${file}:${outcome.position}`;
    switch (outcome.status) {
      case 'empty':
        break;
      case 'refused':
        findings.push({ location, severity: 'error', text: outcome.message });
        break;
      case 'skipped':
        if (outcome.note !== undefined) findings.push({ location, subject: outcome.subject, severity: 'note', text: outcome.note });
        break;
      case 'list':
        collect(file, outcome.items, findings);
        break;
      case 'admitted':
      case 'denied':
        findings.push(...reviewFindings(location, outcome));
        break;
    }
  }
}

/**
 * reviewFindings lists a review's warnings, then each cause of its denial as
 * "field: message" (kubectl prints warnings as they arrive, before the error).
 * A denial without causes shows its status message.
 */
export function reviewFindings(location: string, review: Review): Finding[] {
  const { subject, response } = review;
  const findings: Finding[] = review.warnings.map((text) => ({ location, subject, severity: 'warning', text }));
  if (response.allowed) return findings;
  const causes = response.status?.details?.causes ?? [];
  if (causes.length === 0) {
    findings.push({ location, subject, severity: 'denied', text: response.status?.message ?? 'denied' });
  }
  for (const cause of causes) {
    findings.push({ location, subject, severity: 'denied', text: cause.field ? `${cause.field}: ${cause.message}` : cause.message });
  }
  return findings;
}

/** formatSubject is "Kind/namespace/name". */
export function formatSubject(subject: Subject): string {
  return `${subject.kind}/${subject.namespace}/${subject.name}`;
}

/** formatFinding is one line, without its newline. */
export function formatFinding(finding: Finding, paint: Paint): string {
  const subject = finding.subject ? `${formatSubject(finding.subject)}: ` : '';
  const label = LABELS[finding.severity];
  let text: string;
  switch (finding.severity) {
    case 'error':
      text = `${paint('red', paint('bold', label))}${finding.text}`;
      break;
    case 'denied':
      text = paint('red', finding.text);
      break;
    case 'warning':
      text = `${paint('yellow', label)}${finding.text}`;
      break;
    case 'note':
      text = `${paint('cyan', label)}${finding.text}`;
      break;
  }
  return `${paint('bold', `${finding.location}:`)} ${subject}${text}`;
}
