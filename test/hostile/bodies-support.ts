/**
 * Helpers the hostile body files (malformed-bodies and hostile-values)
 * share: the contract every answer keeps, a POST with a content type, and
 * the observers their server runs with, namely those `serve` wires
 * (metrics and the review log), since they see every hostile request too,
 * and a counter that checks every request that started also finished.
 */
import { expect } from 'chai';
import { Writable } from 'node:stream';
import { type AdmissionObserver, combineObservers } from '../../src/server/admission-observer.js';
import { createLogger } from '../../src/server/logger.js';
import { WebhookMetrics } from '../../src/server/metrics.js';
import { ReviewLog } from '../../src/server/review-log.js';
import type { HttpResult, TestServer } from '../support/test-server.js';

/** Json is any parsed or hand-built JSON value, which hostile tests poke at freely. */
export type Json = any;

/** expectAnswered checks the contract every answer keeps and returns the AdmissionReview's response, if any. */
export function expectAnswered(res: HttpResult): Json | undefined {
  expect(res.status, `never a 5xx: ${res.body.slice(0, 200)}`).to.be.below(500);
  expect(res.json, `a JSON body: ${res.body.slice(0, 200)}`).to.be.an('object');
  const body = res.json as Json;
  if (res.status === 200) {
    expect(body.kind).to.equal('AdmissionReview');
    expect(body.response.allowed).to.be.a('boolean');
    return body.response;
  }
  expect(res.status).to.be.within(400, 499);
  expect(['Status', 'AdmissionReview']).to.include(body.kind);
  return undefined;
}

/** Counts is what the counting observer saw: every started request must end in finished, once. */
export interface Counts {
  started: number;
  finished: number;
  answered: number;
}

/** countingObserver counts into counts every request that starts, finishes, and is answered or found malformed. */
export function countingObserver(counts: Counts): AdmissionObserver {
  return {
    started: () => void counts.started++,
    finished: () => void counts.finished++,
    reviewed: () => void counts.answered++,
    malformed: () => void counts.answered++,
  };
}

/** servedObservers are the observers `serve` wires, logging every review (debug) into a sink that keeps nothing. */
export function servedObservers(): AdmissionObserver {
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const logger = createLogger({ level: 'debug', format: 'json', destination: sink });
  return combineObservers(new WebhookMetrics({ defaultMetrics: false }), new ReviewLog(logger));
}

/** post sends body to server's path with contentType, application/json unless told otherwise. */
export const post = (server: TestServer, path: string, body: string | Buffer, contentType = 'application/json') =>
  server.request({ path, body, headers: { 'content-type': contentType } });
