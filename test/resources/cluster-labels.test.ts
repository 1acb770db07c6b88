import { expect } from 'chai';
import { LISTENER_SERVICE_LABEL } from '../../src/resources/cluster-labels.js';
import { parseLabelSelector } from '../../src/validation/label-selector.js';
import { isLabelKey } from '../../src/validation/names.js';

describe('LISTENER_SERVICE_LABEL', () => {
  it('is the key Skupper puts on the Services it makes for listeners, word for word (site.go, Expose)', () => {
    expect(LISTENER_SERVICE_LABEL).to.equal('internal.skupper.io/listener');
  });

  it('is a label key the API server accepts, and reads in the selector Skupper\'s controller watches others\' Services with', () => {
    expect({ key: isLabelKey(LISTENER_SERVICE_LABEL), selector: parseLabelSelector(`!${LISTENER_SERVICE_LABEL}`) }).to.deep.equal({ key: [], selector: undefined });
  });
});
