import { expect } from 'chai';
import { checkSource, type FileResult } from '../../src/check/check-documents.js';
import { renderReport } from '../../src/check/report.js';
import { defaultWebhooks } from '../support/default-webhooks.js';

const TEXT = `apiVersion: skupper.io/v2alpha1
kind: Listener
metadata:
  name: backend
  namespace: west
spec:
  routingKey: backend
  host: backend
  port: 8080
---
apiVersion: skupper.io/v2alpha1
kind: AttachedConnectorBinding
metadata:
  name: backend
  namespace: west
spec:
  connectorNamespace: west
  routingKey: backend
`;

const FINDING =
  "a.yaml:2: AttachedConnectorBinding/west/backend: spec.connectorNamespace: Invalid value: \"west\": must be a peer namespace: it may not be the binding's own namespace\n";
const SUMMARY = '2 checked, 1 denied, 0 warned, 0 skipped\n';
const SUMMARY_COUNTS = { checked: 2, denied: 1, warned: 0, skipped: 0, unreadable: 0 };

describe('renderReport', () => {
  const results: FileResult[] = [checkSource(defaultWebhooks(), { name: 'a.yaml', text: TEXT })];

  it('prints findings and the summary on stdout in text mode', () => {
    expect(renderReport(results, { output: 'text', color: false })).to.deep.equal({
      stdout: FINDING + SUMMARY,
      stderr: '',
      summary: SUMMARY_COUNTS,
    });
  });

  it('prints the mutated documents on stdout and the findings on stderr with -o yaml', () => {
    expect(renderReport(results, { output: 'yaml', color: false })).to.deep.equal({
      stdout:
        'apiVersion: skupper.io/v2alpha1\nkind: Listener\nmetadata:\n  name: backend\n  namespace: west\nspec:\n  host: backend\n  port: 8080\n  routingKey: backend\n  type: tcp\n',
      stderr: FINDING + SUMMARY,
      summary: SUMMARY_COUNTS,
    });
  });

  it('prints one JSON array with -o json', () => {
    const report = renderReport(results, { output: 'json', color: false });
    expect(JSON.parse(report.stdout)).to.deep.equal([
      {
        apiVersion: 'skupper.io/v2alpha1',
        kind: 'Listener',
        metadata: { name: 'backend', namespace: 'west' },
        spec: { host: 'backend', port: 8080, routingKey: 'backend', type: 'tcp' },
      },
    ]);
    expect(report.stderr).to.equal(FINDING + SUMMARY);
  });

  it('prints only the summary when there is nothing to say', () => {
    expect(renderReport([], { output: 'text', color: true })).to.deep.equal({
      stdout: '0 checked, 0 denied, 0 warned, 0 skipped\n',
      stderr: '',
      summary: { checked: 0, denied: 0, warned: 0, skipped: 0, unreadable: 0 },
    });
  });

  context('when colour is on', () => {
    it('colours the findings', () => {
      expect(renderReport(results, { output: 'text', color: true }).stdout).to.contain('\u001b[');
    });
  });
});
