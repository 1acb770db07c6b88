/**
 * The kinds this webhook guards, by kind name within skupper.io. Add a kind
 * here and it is validated, defaulted and counted everywhere.
 */
import { attachedConnector } from './attached-connector.js';
import { attachedConnectorBinding } from './attached-connector-binding.js';
import { connector } from './connector.js';
import { listener } from './listener.js';
import { multiKeyListener } from './multi-key-listener.js';
import { type ResourceRules, SKUPPER_GROUP } from './resource.js';

/** GUARDED_KINDS lists every kind's rules. */
export const GUARDED_KINDS: readonly ResourceRules[] = [attachedConnector, attachedConnectorBinding, connector, listener, multiKeyListener];

const byKind = new Map(GUARDED_KINDS.map((rules) => [rules.kind, rules]));

/** rulesFor returns the rules of a guarded kind, or undefined for anything else. */
export function rulesFor(group: string, kind: string): ResourceRules | undefined {
  return group === SKUPPER_GROUP ? byKind.get(kind) : undefined;
}
