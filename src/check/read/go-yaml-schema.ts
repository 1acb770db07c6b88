/**
 * GO_YAML_SCHEMA is a js-yaml schema that reads plain scalars as kubectl
 * does: go-yaml v2's resolution (resolvePlainScalar), so that `1:30` is a
 * string, `0o17` is 15 and `0777` is 511. js-yaml 4 defaults to YAML 1.2's
 * core schema, where `yes` is a string and `0777` is 777.
 *
 * The same types serve explicit tags as go-yaml does: a tagged text must
 * resolve to that tag (`!!int "0777"` is 511, `!!int yes` is an error), and
 * !!float takes an int too. A timestamp stays its text.
 *
 * Merge keys and !!binary, !!omap, !!pairs and !!set are left out on purpose:
 * the two libraries read them differently (js-yaml merges a sequence of
 * sequences, which the `yaml` package refuses), so loadYamlDocuments leaves
 * any text with them to the `yaml` package.
 */
import { FAILSAFE_SCHEMA, type Schema, Type } from 'js-yaml';
import { type GoYamlTag, type Resolved, resolvePlainScalar } from './go-yaml-resolve.js';

/**
 * resolveOnce resolves text, remembering the last answer: js-yaml asks each
 * implicit type in turn about the same scalar, and each asks go-yaml's rules.
 */
function resolveOnce(text: string): Resolved {
  if (last === undefined || last.text !== text) last = { text, resolved: resolvePlainScalar(text) };
  return last.resolved;
}

let last: { text: string; resolved: Resolved } | undefined;

/** goYamlType is the js-yaml type for tag: it takes what resolves to tag (or to one of also), and constructs go-yaml's value. */
function goYamlType(tag: GoYamlTag, also: GoYamlTag[] = []): Type {
  const accepts = (data: unknown): data is string => {
    if (typeof data !== 'string') return data === null && tag === 'null';
    const resolved = resolveOnce(data).tag;
    return resolved === tag || also.includes(resolved);
  };
  return new Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: accepts,
    construct: (data: string | null) => (data === null ? null : resolveOnce(data).value),
  });
}

/**
 * GO_YAML_SCHEMA asks go-yaml's rules about every plain scalar; anything
 * that resolves to none of its types is a string.
 */
export const GO_YAML_SCHEMA: Schema = FAILSAFE_SCHEMA.extend({
  implicit: [goYamlType('null'), goYamlType('bool'), goYamlType('int'), goYamlType('float', ['int']), goYamlType('timestamp')],
});
