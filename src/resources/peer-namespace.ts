/**
 * The rule both halves of an attached connector share: an
 * AttachedConnectorBinding's spec.connectorNamespace and an
 * AttachedConnector's spec.siteNamespace each name the *other* namespace of
 * the pair (FACTS.md: attached_connector.go keys definitions by namespace and
 * name, and nothing in Skupper refuses a pair within one namespace).
 */
import { type FieldError, invalid } from '../validation/field-error.js';
import { isDNS1123Label } from '../validation/names.js';
import type { RuleContext } from './resource.js';

/**
 * peerNamespaceErrors checks value, the value of field on an object called
 * owner in messages ("binding", "AttachedConnector"): a namespace name (a
 * DNS-1123 label), and not the object's own namespace.
 */
export function peerNamespaceErrors(field: string, value: string, owner: string, context: RuleContext): FieldError[] {
  const errors = isDNS1123Label(value).map((message) => invalid(field, value, message));
  errors.push(...ownNamespaceErrors(field, value, owner, context));
  return errors;
}

/** ownNamespaceErrors is the half of peerNamespaceErrors that reads the context: value may not be the object's own namespace. */
export function ownNamespaceErrors(field: string, value: string, owner: string, context: RuleContext): FieldError[] {
  if (context.namespace === undefined || value !== context.namespace) return [];
  return [invalid(field, value, `must be a peer namespace: it may not be the ${owner}'s own namespace`)];
}
