import { expect } from 'chai';
import type { AdmissionObserver, MalformedRecord, ReviewRecord } from '../../../src/server/telemetry/admission-observer.js';
import { combineObservers } from '../../../src/server/telemetry/admission-observer.js';
import { requestFor, reviewFor, validBinding } from '../../fixtures/reviews.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

/** Call is one observer call: its method and its argument, as given. */
type Call = [method: keyof AdmissionObserver, argument: unknown];

/** recording is an observer that appends each call to calls, tagged with name when given. */
function recording(calls: Array<Call | string>, name?: string): AdmissionObserver {
  const record = (method: keyof AdmissionObserver) => (argument: unknown) => void calls.push(name === undefined ? [method, argument] : `${name} ${method}`);
  return { started: record('started'), finished: record('finished'), reviewed: record('reviewed'), malformed: record('malformed') };
}

describe('combineObservers', () => {
  it('hands every call to each observer in the order given, before the next call', () => {
    const calls: string[] = [];
    const combined = combineObservers(recording(calls, 'a'), recording(calls, 'b'));
    combined.started('validate');
    combined.reviewed({ request: { uid: 'u1' } } as ReviewRecord);
    combined.malformed({ reason: 'invalid_json' } as MalformedRecord);
    combined.finished('mutate');
    expect(calls).to.deep.equal(['a started', 'b started', 'a reviewed', 'b reviewed', 'a malformed', 'b malformed', 'a finished', 'b finished']);
  });

  it('hands each observer the very argument it was given, not a copy', () => {
    const first: Array<Call | string> = [];
    const second: Array<Call | string> = [];
    const record = { request: { uid: 'u1' } } as ReviewRecord;
    const malformed = { reason: 'aborted' } as MalformedRecord;
    const combined = combineObservers(recording(first), recording(second));
    combined.reviewed(record);
    combined.malformed(malformed);
    combined.finished('validate');
    for (const calls of [first, second]) {
      expect(calls).to.have.length(3);
      expect(calls[0]![1]).to.equal(record);
      expect(calls[1]![1]).to.equal(malformed);
      expect(calls[2]).to.deep.equal(['finished', 'validate']);
    }
  });

  it('nests: a combined observer combined again reaches every observer inside, in order', () => {
    const calls: string[] = [];
    const combined = combineObservers(combineObservers(recording(calls, 'a'), recording(calls, 'b')), recording(calls, 'c'));
    combined.started('mutate');
    expect(calls).to.deep.equal(['a started', 'b started', 'c started']);
  });
});

describe('AdmissionObserver, as the admission endpoints call it', () => {
  let server: TestServer;
  let calls: Call[];

  beforeEach(async () => {
    calls = [];
    server = await startTestServer({ observer: recording(calls) });
  });

  afterEach(() => server.close());

  it('sees a review start, answered, and finish, with the decision and its timing', async () => {
    await server.review('/validate', reviewFor(requestFor(validBinding())));
    expect(calls.map(([method]) => method)).to.deep.equal(['started', 'reviewed', 'finished']);
    expect(calls[0]![1]).to.equal('validate');
    const record = calls[1]![1] as ReviewRecord;
    expect(record).to.include({ webhook: 'validate', httpStatus: 200 });
    expect(record.request.uid).to.equal('e911857d-c318-11e8-bbad-025000000001');
    expect(record.response).to.deep.equal({ uid: 'e911857d-c318-11e8-bbad-025000000001', allowed: true });
    expect(record.durationSeconds).to.be.at.least(0).and.below(5);
    expect(calls[2]![1]).to.equal('validate');
  });

  it('sees a request that could not be reviewed start, found malformed with its reason, and finish', async () => {
    await server.review('/mutate', '{not json');
    expect(calls.map(([method]) => method)).to.deep.equal(['started', 'malformed', 'finished']);
    expect(calls[1]![1]).to.deep.include({ webhook: 'mutate', reason: 'invalid_json', httpStatus: 400 });
  });
});
