/**
 * Helpers the hostile body files (malformed-bodies, hostile-values and
 * bounded-work) share: the contract every answer keeps, and a POST with a
 * content type.
 */
import { expect } from 'chai';
import type { HttpResult, HttpsClient } from '../support/test-server.js';

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

/** post sends body to server's path with contentType, application/json unless told otherwise. */
export const post = (server: HttpsClient, path: string, body: string | Buffer, contentType = 'application/json') =>
  server.request({ path, body, headers: { 'content-type': contentType } });
