/**
 * The name rule of every kind whose metadata.name Skupper turns into the
 * name of a port of its Service (FACTS.md: extended_bindings.go): a
 * Listener's port is named after the Listener, a MultiKeyListener's
 * `multiaddress-<name>`. Kubernetes requires a Service port name to be a
 * DNS-1123 label, so a valid object name (a subdomain: dots, up to 253
 * characters) can be stored and then fail when Skupper writes the Service.
 */
import type { KubeObject } from '../core/review.js';
import { isPlainObject } from '../core/object.js';
import { maxLenError } from '../validation/apimachinery-wording.js';
import { type FieldError, invalid } from '../validation/field-error.js';
import { DNS1123_LABEL_MAX_LENGTH, dns1123LabelGrammarErrors } from '../validation/names.js';
import {
  GENERATED_SUFFIX_ALPHABET,
  GENERATED_SUFFIX_LENGTH,
  MAX_GENERATE_NAME_PREFIX,
  metadataNameErrors,
} from '../validation/object-meta.js';
import { metadataChecked } from './common-rules.js';
import type { RuleContext } from './resource.js';

/** PortNaming is how Skupper names a kind's Service port: prefix, then the object's name; reason says so in denials. */
export interface PortNaming {
  prefix: string;
  reason: string;
}

/** GENERATED_SUFFIX_SAMPLE stands in for the random characters the API server appends to generateName. */
const GENERATED_SUFFIX_SAMPLE = GENERATED_SUFFIX_ALPHABET[0]!.repeat(GENERATED_SUFFIX_LENGTH);

/**
 * labelPartErrors checks value, which Skupper puts after a prefix to make a
 * label, against what is left of the label's 63 characters (limit). A
 * generateName is checked as the name made of it, and its limit stated
 * without the suffix the API server adds.
 */
function labelPartErrors(value: string, limit: number, suffixLength: number): string[] {
  const errors = Buffer.byteLength(value) > limit ? [maxLenError(limit - suffixLength)] : [];
  errors.push(...dns1123LabelGrammarErrors(value));
  return errors;
}

/**
 * portNameErrors checks the name, already a valid object name, as the end
 * of a port name. Without a name yet (`check`, offline), the name the API
 * server will make of generateName is checked: its first 58 characters and
 * five random ones.
 */
function portNameErrors(metadata: Record<string, unknown>, naming: PortNaming): FieldError[] {
  const limit = DNS1123_LABEL_MAX_LENGTH - naming.prefix.length;
  const name = metadata['name'];
  if (typeof name === 'string' && name !== '') {
    return labelPartErrors(name, limit, 0).map((message) => invalid('metadata.name', name, `${message}: ${naming.reason}`));
  }
  const generateName = metadata['generateName'];
  if (typeof generateName !== 'string' || generateName === '') return [];
  const generated = generateName.slice(0, MAX_GENERATE_NAME_PREFIX) + GENERATED_SUFFIX_SAMPLE;
  return labelPartErrors(generated, limit, GENERATED_SUFFIX_LENGTH).map((message) =>
    invalid('metadata.generateName', generateName, `${message}: ${naming.reason}`),
  );
}

/**
 * servicePortNameErrors is the API server's own check of the name, which
 * /validate asked directly repeats, then the port name rule on a name that
 * passes it. Fields the schema already refused are left alone.
 */
export function servicePortNameErrors(object: KubeObject, context: RuleContext, naming: PortNaming): FieldError[] {
  if (metadataChecked(context)) return [];
  const errors = metadataNameErrors(object);
  const metadata = object['metadata'];
  if (errors.length > 0 || !isPlainObject(metadata)) return errors;
  return portNameErrors(metadata, naming);
}
