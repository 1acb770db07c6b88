/**
 * goYamlTags gives the `yaml` package go-yaml v2's scalar resolution
 * (resolvePlainScalar), as GO_YAML_SCHEMA gives it to js-yaml: it replaces
 * the YAML 1.1 schema's null, bool, int, float and timestamp tags (with their
 * base 60, their `.` as NaN and their `0o17` as a string) and keeps the rest,
 * the merge key among them. Because the `yaml` package also asks these tags
 * which strings to quote, `-o yaml` quotes every string that go-yaml would
 * read as something else.
 */
import type { ScalarTag, Tags } from 'yaml';
import { stringifyNumber } from 'yaml/util';
import { type GoYamlTag, resolvePlainScalar } from './go-yaml-resolve.js';

/** TAG_PREFIX is the prefix of the YAML tags go-yaml resolves to (!!int is tag:yaml.org,2002:int). */
const TAG_PREFIX = 'tag:yaml.org,2002:';

/**
 * ResolvesTo is a tag's `test`: the `yaml` package asks `test.test(text)`
 * whether a plain scalar is the tag's, and this answers with go-yaml's rules,
 * which no regular expression states (they depend on 64-bit limits).
 */
class ResolvesTo extends RegExp {
  readonly #tag: GoYamlTag;

  constructor(tag: GoYamlTag) {
    super('(?!)');
    this.#tag = tag;
  }

  override test(text: string): boolean {
    return resolvePlainScalar(text).tag === this.#tag;
  }
}

/**
 * resolveAs is go-yaml's resolve(tag, text) for an explicit tag, and for an
 * implicit one that the test chose: the text must resolve to the tag, or to
 * an int for !!float; otherwise go-yaml fails with this message.
 */
function resolveAs(tag: GoYamlTag): ScalarTag['resolve'] {
  return (text, onError) => {
    const resolved = resolvePlainScalar(text);
    if (resolved.tag === tag || (tag === 'float' && resolved.tag === 'int')) return resolved.value;
    onError(`cannot decode !!${resolved.tag} \`${text}\` as a !!${tag}`);
    return text;
  };
}

/**
 * goYamlTag is the tag twice: once implicit, for plain scalars and for
 * stringifying, and once for an explicit tag, without a test, so that the
 * `yaml` package uses its resolve whatever the text (it would otherwise fall
 * back to its own core tags).
 */
function goYamlTag(tag: GoYamlTag, stringifying: Pick<ScalarTag, 'identify' | 'stringify'>): ScalarTag[] {
  const resolve = resolveAs(tag);
  return [
    { tag: `${TAG_PREFIX}${tag}`, default: true, test: new ResolvesTo(tag), resolve, ...stringifying },
    { tag: `${TAG_PREFIX}${tag}`, resolve },
  ];
}

/** GO_YAML_SCALAR_TAGS are the five tags go-yaml resolves plain scalars to, besides strings. */
const GO_YAML_SCALAR_TAGS: readonly ScalarTag[] = [
  ...goYamlTag('null', { identify: (value) => value == null, stringify: (_, ctx) => ctx.options.nullStr }),
  ...goYamlTag('bool', {
    identify: (value) => typeof value === 'boolean',
    stringify: ({ value }, ctx) => (value ? ctx.options.trueStr : ctx.options.falseStr),
  }),
  ...goYamlTag('int', { identify: (value) => typeof value === 'bigint' || Number.isInteger(value), stringify: stringifyNumber }),
  ...goYamlTag('float', { identify: (value) => typeof value === 'number', stringify: stringifyNumber }),
  // A timestamp is only ever text here; the tag decides what to quote and what !!timestamp accepts.
  ...goYamlTag('timestamp', {}),
];

const REPLACED: ReadonlySet<string> = new Set(['null', 'bool', 'int', 'float', 'timestamp'].map((tag) => `${TAG_PREFIX}${tag}`));

/** MERGE_TAG is the merge key's tag, which the YAML 1.1 tags give the string "<<" when writing. */
const MERGE_TAG = `${TAG_PREFIX}merge`;

/**
 * goYamlTags is the `yaml` package's customTags: its YAML 1.1 tags, with
 * go-yaml's scalars in place of its own, and a merge tag that claims no
 * string when writing, so that a string "<<" is written as a string (quoted,
 * by formatYaml) and not as a merge key.
 */
export function goYamlTags(tags: Tags): Tags {
  const kept = tags
    .filter((tag) => typeof tag !== 'object' || !REPLACED.has(tag.tag))
    .map((tag) => (typeof tag === 'object' && tag.tag === MERGE_TAG ? { ...tag, identify: isMergeSymbol } : tag));
  return [...kept, ...GO_YAML_SCALAR_TAGS];
}

/** isMergeSymbol is the merge tag's identify without its second half, which takes the string "<<" for a merge key. */
function isMergeSymbol(value: unknown): boolean {
  return typeof value === 'symbol' && value.description === '<<';
}
