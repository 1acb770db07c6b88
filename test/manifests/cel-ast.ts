/**
 * Test support: what a CEL expression uses, read from its syntax tree
 * (@bufbuild/cel's parse, the cel.expr.Expr message): the functions it calls,
 * the message types it constructs, the paths it selects under a variable, and
 * the regular expressions it gives matches(). The tree is read through the
 * fields the CEL spec defines, nothing more.
 */
import { parse } from '@bufbuild/cel';

/** Node is the part of cel.expr.Expr this walk reads. */
interface Node {
  exprKind: { case: string | undefined; value?: any };
}

/** CelUsage is what an expression uses. */
export interface CelUsage {
  /** functions are the functions and operators it calls; a namespaced one as "strings.quote". */
  functions: Set<string>;
  /** messages are the message types it constructs (JSONPatch{...}). */
  messages: Set<string>;
  /** values are the field paths it reads as values, each starting with its variable ("object.spec.type"). */
  values: Set<string>;
  /** operands are the paths it reads only to select a field of them, or to test one's presence (has()). */
  operands: Set<string>;
  /** patterns are the regular expressions it gives matches() as literals. */
  patterns: Set<string>;
}

function selectionPath(node: Node): string | undefined {
  const { case: kind, value } = node.exprKind;
  if (kind === 'identExpr') return value.name;
  if (kind === 'selectExpr') {
    const operand = selectionPath(value.operand);
    return operand === undefined ? undefined : `${operand}.${value.field}`;
  }
  return undefined;
}

/** walk records what node uses; as an operand, a selection of it reads it only to reach a field of it. */
function walk(node: Node | undefined, usage: CelUsage, asOperand = false): void {
  if (node === undefined) return;
  const { case: kind, value } = node.exprKind;
  switch (kind) {
    case 'selectExpr': {
      const path = selectionPath(node);
      if (path !== undefined && !value.testOnly) (asOperand ? usage.operands : usage.values).add(path);
      walk(value.operand, usage, true);
      return;
    }
    case 'callExpr': {
      const target = value.target as Node | undefined;
      const namespace = target?.exprKind.case === 'identExpr' && target.exprKind.value.name === 'strings' ? 'strings.' : undefined;
      usage.functions.add(`${namespace ?? ''}${value.function}`);
      const pattern = value.function === 'matches' ? (value.args.at(-1) as Node | undefined)?.exprKind : undefined;
      if (pattern?.case === 'constExpr' && pattern.value.constantKind.case === 'stringValue') usage.patterns.add(pattern.value.constantKind.value);
      if (namespace === undefined) walk(target, usage);
      for (const arg of value.args) walk(arg, usage);
      return;
    }
    case 'listExpr':
      for (const element of value.elements) walk(element, usage);
      return;
    case 'structExpr':
      if (value.messageName) usage.messages.add(value.messageName);
      for (const entry of value.entries) {
        if (entry.keyKind.case === 'mapKey') walk(entry.keyKind.value, usage);
        walk(entry.value, usage);
      }
      return;
    case 'comprehensionExpr':
      for (const part of ['iterRange', 'accuInit', 'loopCondition', 'loopStep', 'result']) walk(value[part], usage);
      return;
    default:
      return; // constants and identifiers
  }
}

/** celUsage parses expression and reports what it uses. */
export function celUsage(expression: string): CelUsage {
  const usage: CelUsage = { functions: new Set(), messages: new Set(), values: new Set(), operands: new Set(), patterns: new Set() };
  walk(parse(expression).expr as unknown as Node, usage);
  return usage;
}
