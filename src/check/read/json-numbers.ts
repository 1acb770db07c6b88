/**
 * kubectl turns every document into JSON before it sends it (sigs.k8s.io/yaml
 * ends in encoding/json's Marshal), and JSON has no NaN or infinity: YAML's
 * `.nan`, `.inf` and `-.inf`, and a JSON number too large for a double
 * (`1e400`), make it refuse the whole file with "json: unsupported value".
 * `check` refuses them the same way, as input errors, rather than read
 * them as null.
 */
import { isScalar, visit, type Document } from 'yaml';

/** NonFiniteNumber is the first number JSON cannot hold in a document, and where. */
export interface NonFiniteNumber {
  /** path is the field, dotted ("spec.port"; "[2]" for an item). */
  path: string;
  value: number;
}

/** goText is how encoding/json names the value in its error ("+Inf", "-Inf", "NaN"). */
function goText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? '+Inf' : '-Inf';
}

/** nonFiniteMessage is the input error for found. */
export function nonFiniteMessage(found: NonFiniteNumber): string {
  return `${found.path || 'the document'}: ${goText(found.value)} is not a JSON number, so kubectl refuses the file (json: unsupported value: ${goText(found.value)})`;
}

/**
 * firstNonFiniteNumber walks value, with a stack of its own, and returns the
 * first NaN or infinity in it, or undefined when there is none.
 */
export function firstNonFiniteNumber(value: unknown): NonFiniteNumber | undefined {
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: '' }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const current = next.value;
    if (typeof current === 'number') {
      if (!Number.isFinite(current)) return { path: next.path, value: current };
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    // Pushed in reverse, so that the first in document order is found first.
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], path: `${next.path}[${i}]` });
      continue;
    }
    const keys = Object.keys(current);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      stack.push({ value: (current as Record<string, unknown>)[key], path: next.path === '' ? key : `${next.path}.${key}` });
    }
  }
  return undefined;
}

/** nonFiniteOffset is the offset in the source of the first NaN or infinity scalar of document, if its tree shows one. */
export function nonFiniteOffset(document: Document): number | undefined {
  let offset: number | undefined;
  visit(document, {
    Scalar(_, scalar) {
      if (!isScalar(scalar) || typeof scalar.value !== 'number' || Number.isFinite(scalar.value)) return undefined;
      offset = scalar.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}
