import { expect } from 'chai';
import { allowed, denied, errored, invalid, patched, withWarnings } from '../../src/admission/response.js';
import { invalid as invalidValue, required } from '../../src/validation/field-error.js';

const UID = 'u-1';

describe('allowed', () => {
  it('admits, with warnings only when there are some', () => {
    expect([allowed(UID), allowed(UID, ['mind the gap'])]).to.deep.equal([
      { uid: UID, allowed: true },
      { uid: UID, allowed: true, warnings: ['mind the gap'] },
    ]);
  });
});

describe('patched', () => {
  it('carries the operations as a base64 JSONPatch', () => {
    const response = patched(UID, [{ op: 'add', path: '/spec/type', value: 'tcp' }], ['w']);
    expect({ ...response, patch: JSON.parse(Buffer.from(response.patch!, 'base64').toString('utf8')) }).to.deep.equal({
      uid: UID,
      allowed: true,
      patchType: 'JSONPatch',
      patch: [{ op: 'add', path: '/spec/type', value: 'tcp' }],
      warnings: ['w'],
    });
  });

  context('when there is nothing to change', () => {
    it('sends no patch at all, since the API server takes any patch for a change', () => {
      expect(patched(UID, [])).to.deep.equal({ uid: UID, allowed: true });
    });
  });
});

describe('invalid', () => {
  it('denies as errors.NewInvalid does: 422 Invalid, one cause per field, the message kubectl prints', () => {
    const errors = [required('spec.routingKey'), invalidValue('spec.port', 0, 'must be between 1 and 65535, inclusive')];
    expect(invalid(UID, { group: 'skupper.io', kind: 'Listener', name: 'backend' }, errors, ['w'])).to.deep.equal({
      uid: UID,
      allowed: false,
      status: {
        status: 'Failure',
        code: 422,
        reason: 'Invalid',
        message:
          'Listener.skupper.io "backend" is invalid: [spec.routingKey: Required value, spec.port: Invalid value: 0: must be between 1 and 65535, inclusive]',
        details: {
          name: 'backend',
          group: 'skupper.io',
          kind: 'Listener',
          causes: [
            { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.routingKey' },
            { reason: 'FieldValueInvalid', message: 'Invalid value: 0: must be between 1 and 65535, inclusive', field: 'spec.port' },
          ],
        },
      },
      warnings: ['w'],
    });
  });

  it('names a kind of the core group without a group', () => {
    expect(invalid(UID, { group: '', kind: 'Service', name: 's' }, [required('spec.ports')]).status!.message).to.equal(
      'Service "s" is invalid: spec.ports: Required value',
    );
  });
});

describe('denied', () => {
  it('refuses with the code and reason given', () => {
    expect(denied(UID, 400, 'BadRequest', 'unsupported operation "PATCH"')).to.deep.equal({
      uid: UID,
      allowed: false,
      status: { status: 'Failure', code: 400, reason: 'BadRequest', message: 'unsupported operation "PATCH"' },
    });
  });
});

describe('errored', () => {
  it('refuses with 500 InternalError, so that the failurePolicy applies', () => {
    expect(errored(UID, 'internal error in the validate webhook: boom').status).to.deep.equal({
      status: 'Failure',
      code: 500,
      reason: 'InternalError',
      message: 'internal error in the validate webhook: boom',
    });
  });
});

describe('withWarnings', () => {
  it('adds a copy of the warnings, and nothing when there are none', () => {
    const warnings = ['a'];
    const response = withWarnings({ uid: UID, allowed: true }, warnings);
    warnings.push('b');
    expect([response, withWarnings({ uid: UID, allowed: true }, [])]).to.deep.equal([
      { uid: UID, allowed: true, warnings: ['a'] },
      { uid: UID, allowed: true },
    ]);
  });
});
