/**
 * resolvePlainScalar is go-yaml v2's resolve() for a plain (untagged)
 * scalar, rule for rule: kubectl reads manifests with sigs.k8s.io/yaml, whose
 * parser is a fork of go-yaml v2
 * (https://github.com/kubernetes-sigs/yaml/blob/master/goyaml.v2/resolve.go).
 * It is neither YAML 1.1 nor 1.2: there is no base 60 (`1:30` is a string),
 * `0o17` and `0x1F` are 15 and 31, `0777` is octal, `09` is 9, `.` is a
 * string and `-0` is 0.
 *
 * The first character decides what the text may be: a sign or a digit, a
 * number or a timestamp; one of yYnNtTfFoO~ or a dot, one of the fixed words
 * (RESOLVE_MAP); a dot, a float too; anything else, a string. A number is
 * tried, after removing every underscore, as an int64, a uint64, a decimal
 * float, a 0b binary, then a big integer. Whatever fails is a string.
 *
 * `<<` is in go-yaml's map too, but its first character has no hint, so it
 * resolves as a string: the decoder recognises a merge key by its text.
 */
import { isGoYamlTimestamp } from './go-timestamp.js';
import { parseBigInt, parseDecimalFloat, parseInt, parseUint } from './go-strconv.js';

/** GoYamlTag is the short name of the tag go-yaml resolves a plain scalar to. */
export type GoYamlTag = 'null' | 'bool' | 'int' | 'float' | 'timestamp' | 'str';

/** Resolved is a tag and the value read: a timestamp keeps its text, as go-yaml keeps it for an untyped value. */
export interface Resolved {
  tag: GoYamlTag;
  value: null | boolean | number | string;
}

/** Hint is what go-yaml's resolveTable says the first character allows. */
type Hint = 'sign' | 'digit' | 'map' | 'dot';

const HINTS: ReadonlyMap<string, Hint> = new Map<string, Hint>([
  ['+', 'sign'],
  ['-', 'sign'],
  ...[...'0123456789'].map((c): [string, Hint] => [c, 'digit']),
  ...[...'yYnNtTfFoO~'].map((c): [string, Hint] => [c, 'map']),
  ['.', 'dot'],
]);

/** RESOLVE_MAP holds go-yaml's fixed words, looked up before anything else. */
const RESOLVE_MAP: ReadonlyMap<string, Resolved> = new Map([
  ...words(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'], { tag: 'bool', value: true }),
  ...words(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'], { tag: 'bool', value: false }),
  ...words(['~', 'null', 'Null', 'NULL'], { tag: 'null', value: null }),
  ...words(['.nan', '.NaN', '.NAN'], { tag: 'float', value: Number.NaN }),
  ...words(['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'], { tag: 'float', value: Number.POSITIVE_INFINITY }),
  ...words(['-.inf', '-.Inf', '-.INF'], { tag: 'float', value: Number.NEGATIVE_INFINITY }),
]);

function words(texts: string[], resolved: Resolved): [string, Resolved][] {
  return texts.map((text) => [text, resolved]);
}

/** YAML_STYLE_FLOAT is go-yaml's yamlStyleFloat, tried on the text without underscores. */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

const NULL: Resolved = { tag: 'null', value: null };

/** resolvePlainScalar returns the tag and value go-yaml v2 gives the plain scalar text. */
export function resolvePlainScalar(text: string): Resolved {
  if (text === '') return NULL;
  const hint = HINTS.get(text[0]);
  if (hint === undefined) return string(text);
  const known = RESOLVE_MAP.get(text);
  if (known !== undefined) return known;
  switch (hint) {
    case 'map':
      return string(text);
    case 'dot': {
      const float = parseDecimalFloat(text);
      return float.ok ? { tag: 'float', value: float.value } : string(text);
    }
    case 'sign':
    case 'digit':
      return resolveNumber(text);
  }
}

/** resolveNumber is resolve()'s case for a text that starts with a sign or a digit. */
function resolveNumber(text: string): Resolved {
  if (isGoYamlTimestamp(text)) return { tag: 'timestamp', value: text };
  const plain = text.replace(/_/g, '');
  const int = parseInt(plain, 0);
  if (int.ok) return integer(int.value);
  const uint = parseUint(plain, 0);
  if (uint.ok) return integer(uint.value);
  if (YAML_STYLE_FLOAT.test(plain)) {
    const float = parseDecimalFloat(plain);
    if (float.ok) return { tag: 'float', value: float.value };
  }
  // Reached only by a sign after the prefix (0b-101 is -5); a signed 0b prefix is an int above.
  if (plain.startsWith('0b')) {
    const binary = parseInt(plain.slice(2), 2);
    if (binary.ok) return integer(binary.value);
  }
  // Only a uint64 out of range goes on to big.Int: a prefixed one, as the float pattern took the decimals.
  if (!uint.ok && uint.error === 'range') {
    const big = parseBigInt(plain);
    if (big.ok) return integer(big.value);
  }
  return string(text);
}

/** integer is an int as a JavaScript number, as JSON carries it to the API server: exact up to 2^53. */
function integer(value: bigint): Resolved {
  return { tag: 'int', value: Number(value) };
}

function string(text: string): Resolved {
  return { tag: 'str', value: text };
}

/**
 * BASE_60_FLOAT is go-yaml's base60float: it reads such text as a string, but
 * its encoder still quotes it "for compatibility with other parsers".
 */
const BASE_60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** needsQuotes reports whether go-yaml v2's encoder quotes the string text: it would not read back as that string, or looks like base 60. */
export function needsQuotes(text: string): boolean {
  return resolvePlainScalar(text).tag !== 'str' || BASE_60_FLOAT.test(text);
}
