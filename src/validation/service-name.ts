/**
 * The rule a Service name must meet, which depends on the cluster. Every
 * supported Kubernetes release accepts a DNS-1035 label (a letter first);
 * with the RelaxedServiceNameValidation feature gate (KEP-5311: alpha in
 * 1.34, on by default from its beta) the API server accepts any DNS-1123
 * label, so a leading digit too. The webhook cannot see the cluster's gates,
 * so the rule is an option, strict by default, and every denial names the
 * rule it applied. Every kind whose field becomes a Service name checks it
 * here.
 */
import { isDNS1035Label, isDNS1123Label } from './names.js';

/** SERVICE_NAME_VALIDATIONS are the rules a Service name can follow: strict (DNS-1035) and relaxed (DNS-1123). */
export const SERVICE_NAME_VALIDATIONS = ['strict', 'relaxed'] as const;

/** ServiceNameValidation is one of SERVICE_NAME_VALIDATIONS. */
export type ServiceNameValidation = (typeof SERVICE_NAME_VALIDATIONS)[number];

/** DEFAULT_SERVICE_NAME_VALIDATION is strict: what every supported cluster accepts. */
export const DEFAULT_SERVICE_NAME_VALIDATION: ServiceNameValidation = 'strict';

/** SERVICE_NAME_VALIDATION_FLAG is the option of serve and check that chooses the rule. */
export const SERVICE_NAME_VALIDATION_FLAG = '--service-name-validation';

/** SERVICE_NAME_VALIDATION_ENV is the environment variable of that option. */
export const SERVICE_NAME_VALIDATION_ENV = 'SKUPPER_WEBHOOK_SERVICE_NAME_VALIDATION';

/** ServiceNameRule is one rule: its grammar check and the words a denial names it by. */
interface ServiceNameRule {
  check(value: string): string[];
  rule: string;
}

const RULES: Readonly<Record<ServiceNameValidation, ServiceNameRule>> = {
  strict: {
    check: isDNS1035Label,
    rule: `a Service name must be a DNS-1035 label (${SERVICE_NAME_VALIDATION_FLAG}=strict)`,
  },
  relaxed: {
    check: isDNS1123Label,
    rule: `a Service name must be a DNS-1123 label (${SERVICE_NAME_VALIDATION_FLAG}=relaxed, for clusters with RelaxedServiceNameValidation)`,
  },
};

/**
 * serviceNameErrors returns apimachinery's messages for value as a Service
 * name under validation, each followed by the rule applied; empty means
 * valid.
 */
export function serviceNameErrors(value: string, validation: ServiceNameValidation): string[] {
  const { check, rule } = RULES[validation];
  return check(value).map((message) => `${message}: ${rule}`);
}
