/**
 * The nesting limit of `check`'s input. The parsers, the admission code and
 * the YAML writer of `-o yaml` all recurse into a document, and a document
 * nested deeply enough (a few hundred levels for the YAML writer) exhausts
 * the call stack wherever it first gets there: an internal error counted as
 * a denial, a crash, or a parser's error at an odd place. Refusing such a
 * document when it is read, as `serve` refuses such a body
 * (too_deeply_nested), makes it one input error, at its place.
 */
import { type Document, isCollection, isPair, type Node } from 'yaml';

/**
 * MAX_NESTING_DEPTH is how many collections (mappings and sequences) deep a
 * document may go: far more than any manifest needs (a CRD's schema, among the
 * deepest, stays under 50), and half of what the YAML writer survives.
 */
export const MAX_NESTING_DEPTH = 256;

/** NESTED_TOO_DEEPLY is the message for a document past MAX_NESTING_DEPTH. */
export const NESTED_TOO_DEEPLY = `nested too deeply: more than ${MAX_NESTING_DEPTH} levels`;

/**
 * exceedsNestingDepth reports whether value nests more than limit
 * collections. It stops one level past the limit, so its own recursion stays
 * within it.
 */
export function exceedsNestingDepth(value: unknown, limit: number = MAX_NESTING_DEPTH): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (limit === 0) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (exceedsNestingDepth(item, limit - 1)) return true;
    return false;
  }
  for (const key in value) if (exceedsNestingDepth((value as Record<string, unknown>)[key], limit - 1)) return true;
  return false;
}

/**
 * tooDeepOffset is the offset in the source of the first collection of
 * document nested past limit, or undefined when there is none (a document
 * can still grow past it through aliases, which its tree does not show). It
 * walks the tree with a stack of its own, whatever the depth.
 */
export function tooDeepOffset(document: Document, limit: number = MAX_NESTING_DEPTH): number | undefined {
  const stack: { node: unknown; depth: number }[] = [{ node: document.contents, depth: 0 }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { node, depth } = next;
    if (!isCollection(node)) continue;
    if (depth === limit) return node.range?.[0];
    const children: unknown[] = [];
    for (const item of node.items as unknown[]) {
      if (isPair(item)) children.push(item.key, item.value);
      else children.push(item);
    }
    // Pushed in reverse, so that the walk goes in document order.
    for (const child of children.reverse()) stack.push({ node: child as Node, depth: depth + 1 });
  }
  return undefined;
}
