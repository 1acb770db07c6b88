/**
 * The webhooks the stand-in calls, read from the project's own manifests
 * (manifests/base/*-webhook-configuration.yaml) so that a denial carries the
 * webhook name a cluster would print and each request goes to the path the
 * Service points at. A webhook is called for a request its rules match: API
 * group, version, resource, operation, and a namespaceSelector on the
 * kubernetes.io/metadata.name label (In and NotIn: all these manifests use).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { ServedKind } from './crds.js';

const BASE = fileURLToPath(new URL('../../../manifests/base/', import.meta.url));

/** RegisteredWebhook is one entry of a webhook configuration. */
export interface RegisteredWebhook {
  /** name is what a denial's message names: `admission webhook "<name>" denied the request`. */
  name: string;
  /** path is clientConfig.service.path, the URL path on the webhook server. */
  path: string;
  /** matches tells whether a request for kind in namespace with operation goes to this webhook. */
  matches(kind: ServedKind, operation: 'CREATE' | 'UPDATE', namespace: string): boolean;
}

/** WebhookConfigurations are the mutating and the validating webhooks, each in configuration order. */
export interface WebhookConfigurations {
  mutating: RegisteredWebhook[];
  validating: RegisteredWebhook[];
}

/** loadWebhookConfigurations reads both configurations from manifests/base. */
export function loadWebhookConfigurations(): WebhookConfigurations {
  return {
    mutating: load('mutating-webhook-configuration.yaml', 'MutatingWebhookConfiguration'),
    validating: load('validating-webhook-configuration.yaml', 'ValidatingWebhookConfiguration'),
  };
}

interface Rule {
  apiGroups: string[];
  apiVersions: string[];
  resources: string[];
  operations: string[];
}

interface Requirement {
  key: string;
  operator: string;
  values: string[];
}

function load(file: string, kind: string): RegisteredWebhook[] {
  const configuration = parse(readFileSync(BASE + file, 'utf8'));
  if (configuration.kind !== kind) throw new Error(`${file}: expected a ${kind}, found ${configuration.kind}`);
  return configuration.webhooks.map((webhook: { name: string; clientConfig: { service: { path: string } }; rules: Rule[]; namespaceSelector?: { matchExpressions?: Requirement[] } }) => {
    const requirements = webhook.namespaceSelector?.matchExpressions ?? [];
    return {
      name: webhook.name,
      path: webhook.clientConfig.service.path,
      matches: (served: ServedKind, operation: string, namespace: string) =>
        webhook.rules.some((rule) => ruleMatches(rule, served, operation)) && requirements.every((r) => namespaceMatches(r, namespace)),
    };
  });
}

function ruleMatches(rule: Rule, served: ServedKind, operation: string): boolean {
  const has = (list: string[], value: string) => list.includes('*') || list.includes(value);
  return has(rule.apiGroups, served.group) && has(rule.apiVersions, served.version) && has(rule.resources, served.plural) && has(rule.operations, operation);
}

function namespaceMatches(requirement: Requirement, namespace: string): boolean {
  if (requirement.key !== 'kubernetes.io/metadata.name') throw new Error(`the stand-in does not model namespace label ${requirement.key}`);
  switch (requirement.operator) {
    case 'In':
      return requirement.values.includes(namespace);
    case 'NotIn':
      return !requirement.values.includes(namespace);
    default:
      throw new Error(`the stand-in does not model the selector operator ${requirement.operator}`);
  }
}
