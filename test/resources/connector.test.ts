import { DEFAULTS, INVALID, VALID } from '../fixtures/cases/connector.js';
import { describeDefaulting, describeValidation } from '../support/admission-cases.js';

describe('Connector', () => {
  describe('validation', () => {
    describeValidation(VALID, INVALID);
  });

  describe('defaulting', () => {
    describeDefaulting(DEFAULTS);
  });
});
