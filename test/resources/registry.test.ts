import { expect } from 'chai';
import { GUARDED_KINDS, rulesFor } from '../../src/resources/registry.js';
import { attachedConnector } from '../../src/resources/attached-connector.js';
import { attachedConnectorBinding } from '../../src/resources/attached-connector-binding.js';
import { connector } from '../../src/resources/connector.js';
import { listener } from '../../src/resources/listener.js';
import { multiKeyListener } from '../../src/resources/multi-key-listener.js';

describe('registry', () => {
  it('guards the five kinds, each under its own kind name and resource', () => {
    expect(GUARDED_KINDS.map((rules) => [rules.kind, rules.resource])).to.deep.equal([
      ['AttachedConnector', 'attachedconnectors'],
      ['AttachedConnectorBinding', 'attachedconnectorbindings'],
      ['Connector', 'connectors'],
      ['Listener', 'listeners'],
      ['MultiKeyListener', 'multikeylisteners'],
    ]);
  });

  describe('rulesFor', () => {
    const guarded = [attachedConnector, attachedConnectorBinding, connector, listener, multiKeyListener];
    for (const rules of guarded) {
      it(`finds ${rules.kind} in skupper.io`, () => {
        expect(rulesFor('skupper.io', rules.kind)).to.equal(rules);
      });
    }

    const unguarded: [string, string, string][] = [
      ['another group', 'example.com', 'Listener'],
      ['the core group', '', 'Listener'],
      ['a subgroup of skupper.io', 'x.skupper.io', 'Listener'],
      ['a skupper.io kind it does not guard', 'skupper.io', 'Site'],
      ['a kind named in another case', 'skupper.io', 'listener'],
      ['a resource name, not a kind', 'skupper.io', 'listeners'],
      ['an inherited property name', 'skupper.io', 'constructor'],
    ];
    for (const [name, group, kind] of unguarded) {
      it(`finds nothing for ${name}`, () => {
        expect(rulesFor(group, kind)).to.equal(undefined);
      });
    }
  });
});
