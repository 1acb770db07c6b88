/**
 * serviceNameValidationOption is the one option `serve` and `check` share
 * for the Service name rule, so that both read the same flag, environment
 * variable, choices and default, and so agree on every host.
 */
import { Option } from 'commander';
import {
  DEFAULT_SERVICE_NAME_VALIDATION,
  SERVICE_NAME_VALIDATION_ENV,
  SERVICE_NAME_VALIDATION_FLAG,
  SERVICE_NAME_VALIDATIONS,
} from '../validation/service-name.js';

/** serviceNameValidationOption returns a new --service-name-validation option (commander options belong to one command). */
export function serviceNameValidationOption(): Option {
  return new Option(
    `${SERVICE_NAME_VALIDATION_FLAG} <rule>`,
    'rule for a host that becomes a Service name: strict (DNS-1035 label, every cluster) or relaxed (DNS-1123 label, clusters with RelaxedServiceNameValidation)',
  )
    .choices(SERVICE_NAME_VALIDATIONS)
    .default(DEFAULT_SERVICE_NAME_VALIDATION)
    .env(SERVICE_NAME_VALIDATION_ENV);
}
