import { expect } from 'chai';
import type { AdmissionObserver, MalformedRecord, ReviewRecord } from '../../src/server/admission-observer.js';
import { combineObservers, NOOP_OBSERVER } from '../../src/server/admission-observer.js';

/** recording is an observer that writes each call, with its name, to calls. */
function recording(name: string, calls: string[]): AdmissionObserver {
  return {
    started: (webhook) => calls.push(`${name} started ${webhook}`),
    finished: (webhook) => calls.push(`${name} finished ${webhook}`),
    reviewed: (record) => calls.push(`${name} reviewed ${record.request.uid}`),
    malformed: (record) => calls.push(`${name} malformed ${record.reason}`),
  };
}

describe('combineObservers', () => {
  it('hands every call, with its argument, to each observer in the order given', () => {
    const calls: string[] = [];
    const combined = combineObservers(recording('a', calls), NOOP_OBSERVER, recording('b', calls));
    combined.started('validate');
    combined.reviewed({ request: { uid: 'u1' } } as ReviewRecord);
    combined.malformed({ reason: 'invalid_json' } as MalformedRecord);
    combined.finished('mutate');
    expect(calls).to.deep.equal([
      'a started validate',
      'b started validate',
      'a reviewed u1',
      'b reviewed u1',
      'a malformed invalid_json',
      'b malformed invalid_json',
      'a finished mutate',
      'b finished mutate',
    ]);
  });

  it('observes nothing when given no observers', () => {
    expect(() => combineObservers().reviewed({ request: { uid: 'u' } } as ReviewRecord)).not.to.throw();
  });
});
