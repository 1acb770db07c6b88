/**
 * YAML_1_1_SCHEMA is a js-yaml schema that reads plain scalars as the `yaml`
 * package's YAML 1.1 schema does, rule for rule, so that switching parsers
 * changes no value: `yes`, `on`, `y` and `off` are booleans, `0777` is octal,
 * `1:20` is sexagesimal (80), `2024-01-01` is a timestamp, which both keep as
 * its text, as go-yaml does for kubectl (YAML_OPTIONS). js-yaml
 * 4 defaults to YAML 1.2's core schema, where all of these are strings or
 * decimals. The patterns and conversions are copied from the `yaml` package
 * (src/schema/yaml-1.1/), quirks included (`.` reads as NaN, `-0` stays -0).
 *
 * Merge keys and !!binary, !!omap, !!pairs and !!set are left out on purpose:
 * the two libraries read them differently (js-yaml merges a sequence of
 * sequences, which the `yaml` package refuses), so loadYamlDocuments leaves
 * any text with them to the `yaml` package.
 */
import { FAILSAFE_SCHEMA, type Schema, Type } from 'js-yaml';

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const TRUE = /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const FALSE = /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;

const INT_BINARY = /^[-+]?0b[0-1_]+$/;
const INT_OCTAL = /^[-+]?0[0-7_]+$/;
const INT_DECIMAL = /^[-+]?[0-9][0-9_]*$/;
const INT_HEX = /^[-+]?0x[0-9a-fA-F_]+$/;
const INT_SEXAGESIMAL = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/;

const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXPONENT = /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/;
const FLOAT_FIXED = /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/;
const FLOAT_SEXAGESIMAL = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/;

/** TIMESTAMP is a date, optionally with a time and a zone; without a zone it is UTC. */
const TIMESTAMP = new RegExp(
  '^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})' + // yyyy-m-d
    '(?:(?:t|T|[ \\t]+)' + // the time is optional
    '([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)' + // h:m:s(.f)
    '(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?' + // Z, +5, -03:30
    ')?$',
);

/** readInteger is the yaml package's intResolve: skip the sign and the prefix, drop underscores, apply the sign (so "-0" is -0). */
function readInteger(text: string, prefixLength: number, radix: number): number {
  const sign = text[0];
  const start = sign === '-' || sign === '+' ? prefixLength + 1 : prefixLength;
  const magnitude = parseInt(text.substring(start).replace(/_/g, ''), radix);
  return sign === '-' ? -1 * magnitude : magnitude;
}

/** readSexagesimal reads base-60 numbers such as 1:20 (80) and 1:20.5 (80.5). */
function readSexagesimal(text: string): number {
  const sign = text[0];
  const digits = sign === '-' || sign === '+' ? text.substring(1) : text;
  const value = digits
    .replace(/_/g, '')
    .split(':')
    .reduce((total, part) => total * 60 + Number(part), 0);
  return sign === '-' ? -1 * value : value;
}

function readInt(text: string): number {
  if (INT_BINARY.test(text)) return readInteger(text, 2, 2);
  if (INT_OCTAL.test(text)) return readInteger(text, 1, 8);
  if (INT_DECIMAL.test(text)) return readInteger(text, 0, 10);
  if (INT_HEX.test(text)) return readInteger(text, 2, 16);
  return readSexagesimal(text);
}

function readFloat(text: string): number {
  if (FLOAT_SPECIAL.test(text)) {
    if (text.slice(-3).toLowerCase() === 'nan') return NaN;
    return text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (FLOAT_EXPONENT.test(text) || FLOAT_FIXED.test(text)) return parseFloat(text.replace(/_/g, ''));
  return readSexagesimal(text);
}

function isString(data: unknown): data is string {
  return typeof data === 'string';
}

const nullType = new Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: unknown) => data === null || (isString(data) && NULL.test(data)),
  construct: () => null,
});

const boolType = new Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: unknown) => isString(data) && (TRUE.test(data) || FALSE.test(data)),
  construct: (data: string) => TRUE.test(data),
});

const intType = new Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: unknown) =>
    isString(data) &&
    (INT_BINARY.test(data) || INT_OCTAL.test(data) || INT_DECIMAL.test(data) || INT_HEX.test(data) || INT_SEXAGESIMAL.test(data)),
  construct: readInt,
});

const floatType = new Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: unknown) =>
    isString(data) && (FLOAT_SPECIAL.test(data) || FLOAT_EXPONENT.test(data) || FLOAT_FIXED.test(data) || FLOAT_SEXAGESIMAL.test(data)),
  construct: readFloat,
});

/** A timestamp stays its text: go-yaml, reading for kubectl into an untyped value, keeps it a string. */
const timestampType = new Type('tag:yaml.org,2002:timestamp', {
  kind: 'scalar',
  resolve: (data: unknown) => isString(data) && TIMESTAMP.test(data),
  construct: (data: string) => data,
});

/**
 * YAML_1_1_SCHEMA tries the implicit types in the `yaml` package's order:
 * null, bool, int (binary, octal, decimal, hex, sexagesimal), float
 * (.inf/.nan, exponent, fixed, sexagesimal), timestamp; anything else is a
 * string. The same types serve explicit tags (`!!int "0777"` is 511).
 */
export const YAML_1_1_SCHEMA: Schema = FAILSAFE_SCHEMA.extend({
  implicit: [nullType, boolType, intType, floatType, timestampType],
});
