import { DEFAULTS, INVALID, VALID } from '../fixtures/cases/attached-connector.js';
import { describeDefaulting, describeValidation } from '../support/admission-cases.js';

describe('AttachedConnector', () => {
  describe('validation', () => {
    describeValidation(VALID, INVALID);
  });

  describe('defaulting', () => {
    describeDefaulting(DEFAULTS);
  });
});
