/**
 * renderReport turns a run's results into what goes to stdout and stderr.
 * In text mode the findings and the summary are the output, on stdout. With
 * -o yaml or -o json the documents are the output, on stdout, so they can be
 * piped on; the findings and the summary go to stderr.
 */
import type { FileResult } from './check-documents.js';
import { painter } from './color.js';
import { fileFindings, formatFinding } from './findings.js';
import { formatJson, formatYaml, outputDocuments } from './output-documents.js';
import { formatSummary, summarize, type Summary } from './summary.js';

/** OUTPUT_FORMATS are the values of -o. */
export const OUTPUT_FORMATS = ['text', 'yaml', 'json'] as const;

/** OutputFormat is one of OUTPUT_FORMATS. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** RenderOptions choose the format, and whether the findings' stream gets colour. */
export interface RenderOptions {
  output: OutputFormat;
  color: boolean;
}

/** RenderedReport is the text for each stream, and the summary it ends with. */
export interface RenderedReport {
  stdout: string;
  stderr: string;
  summary: Summary;
}

/** renderReport renders results in the order given. */
export function renderReport(results: readonly FileResult[], options: RenderOptions): RenderedReport {
  const paint = painter(options.color);
  const summary = summarize(results);
  const lines = results.flatMap(fileFindings).map((finding) => formatFinding(finding, paint));
  lines.push(formatSummary(summary));
  const findings = `${lines.join('\n')}\n`;
  switch (options.output) {
    case 'text':
      return { stdout: findings, stderr: '', summary };
    case 'yaml':
      return { stdout: formatYaml(outputDocuments(results)), stderr: findings, summary };
    case 'json':
      return { stdout: formatJson(outputDocuments(results)), stderr: findings, summary };
  }
}
