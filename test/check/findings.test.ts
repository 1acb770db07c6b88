import { expect } from 'chai';
import type { FileResult, Review } from '../../src/check/check-documents.js';
import { painter } from '../../src/check/color.js';
import { type Finding, fileFindings, formatFinding, reviewFindings } from '../../src/check/findings.js';
import { InputError } from '../../src/check/read/input-error.js';

const subject = { kind: 'AttachedConnectorBinding', namespace: 'west', name: 'backend' };

function review(overrides: Partial<Review>): Review {
  return {
    subject,
    request: { uid: 'u', kind: { group: 'skupper.io', version: 'v2alpha1', kind: 'AttachedConnectorBinding' }, operation: 'CREATE' },
    object: {},
    patch: [],
    response: { uid: 'u', allowed: true },
    warnings: [],
    ...overrides,
  };
}

const denial = review({
  response: {
    uid: 'u',
    allowed: false,
    status: {
      message: 'ignored when there are causes',
      details: {
        causes: [
          { reason: 'FieldValueInvalid', field: 'spec.connectorNamespace', message: 'Invalid value: "Bad_NS": bad' },
          { reason: 'FieldValueRequired', field: 'spec.routingKey', message: 'Required value' },
          { reason: 'Whatever', field: '', message: 'no field' },
        ],
      },
    },
  },
  warnings: ['unknown field "spec.x"'],
});

describe('reviewFindings', () => {
  it('lists warnings first, then one finding per cause', () => {
    expect(reviewFindings('a.yaml:1', denial)).to.deep.equal([
      { location: 'a.yaml:1', subject, severity: 'warning', text: 'unknown field "spec.x"' },
      { location: 'a.yaml:1', subject, severity: 'denied', text: 'spec.connectorNamespace: Invalid value: "Bad_NS": bad' },
      { location: 'a.yaml:1', subject, severity: 'denied', text: 'spec.routingKey: Required value' },
      { location: 'a.yaml:1', subject, severity: 'denied', text: 'no field' },
    ]);
  });

  it('shows the status message of a denial without causes', () => {
    const refused = review({ response: { uid: 'u', allowed: false, status: { code: 400, message: 'request.object: Required value' } } });
    expect(reviewFindings('a.yaml:2', refused)).to.deep.equal([
      { location: 'a.yaml:2', subject, severity: 'denied', text: 'request.object: Required value' },
    ]);
  });

  it('has nothing to say about a clean admission', () => {
    expect(reviewFindings('a.yaml:1', review({}))).to.deep.equal([]);
  });
});

describe('fileFindings', () => {
  it('lists input errors, then every document’s findings in order, Lists included', () => {
    const result: FileResult = {
      file: 'a.yaml',
      errors: [new InputError('Map keys must be unique', { file: 'a.yaml', line: 4, column: 3 })],
      documents: [
        { position: '1', status: 'empty' },
        { position: '2', status: 'refused', message: 'kind not set' },
        { position: '3', status: 'skipped', object: {}, subject, note: 'not checked' },
        { position: '4', status: 'skipped', object: {}, subject },
        { position: '5', status: 'list', object: {}, items: [{ position: '5.1', status: 'admitted', ...review({ warnings: ['w'] }) }] },
      ],
    };
    expect(fileFindings(result)).to.deep.equal([
      { location: 'a.yaml:4:3', severity: 'error', text: 'Map keys must be unique' },
      { location: 'a.yaml:2', severity: 'error', text: 'kind not set' },
      { location: 'a.yaml:3', subject, severity: 'note', text: 'not checked' },
      { location: 'a.yaml:5.1', subject, severity: 'warning', text: 'w' },
    ]);
  });

  it('places a read error at the file, with its cause', () => {
    const result: FileResult = {
      file: 'gone.yaml',
      errors: [new InputError('cannot read', { file: 'gone.yaml', cause: new Error('ENOENT: no such file or directory') })],
      documents: [],
    };
    expect(fileFindings(result)).to.deep.equal([
      { location: 'gone.yaml', severity: 'error', text: 'cannot read: ENOENT: no such file or directory' },
    ]);
  });
});

describe('formatFinding', () => {
  const cases: [string, Finding, string][] = [
    [
      'a denial cause',
      { location: 'a.yaml:1', subject, severity: 'denied', text: 'spec.routingKey: Required value' },
      'a.yaml:1: AttachedConnectorBinding/west/backend: spec.routingKey: Required value',
    ],
    [
      'a warning',
      { location: 'a.yaml:3.2', subject, severity: 'warning', text: 'unknown field "spec.x"' },
      'a.yaml:3.2: AttachedConnectorBinding/west/backend: Warning: unknown field "spec.x"',
    ],
    ['a note', { location: 'a.yaml:1', subject, severity: 'note', text: 'not checked' }, 'a.yaml:1: AttachedConnectorBinding/west/backend: Note: not checked'],
    ['an error', { location: 'a.yaml:7:3', severity: 'error', text: 'bad' }, 'a.yaml:7:3: error: bad'],
  ];
  for (const [rule, finding, line] of cases) {
    it(`prints ${rule} kubectl-style`, () => {
      expect(formatFinding(finding, painter(false))).to.equal(line);
    });
  }

  context('when colour is on', () => {
    it('makes the location bold and the denial red', () => {
      expect(formatFinding({ location: 'a.yaml:1', subject, severity: 'denied', text: 'x' }, painter(true))).to.equal(
        '\u001b[1ma.yaml:1:\u001b[22m AttachedConnectorBinding/west/backend: \u001b[31mx\u001b[39m',
      );
    });

    it('colours only the label of a warning', () => {
      expect(formatFinding({ location: 'a.yaml:1', subject, severity: 'warning', text: 'w' }, painter(true))).to.equal(
        '\u001b[1ma.yaml:1:\u001b[22m AttachedConnectorBinding/west/backend: \u001b[33mWarning: \u001b[39mw',
      );
    });
  });
});
