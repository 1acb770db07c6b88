/**
 * The CEL evaluator the policy tests trust (@bufbuild/cel, in
 * cel-environments.ts) passes the CEL specification's own conformance tests
 * (cel-spec's testdata, shipped as @bufbuild/cel-spec) for every part of the
 * language the policies use: strings and their extension (strings.quote,
 * substring, ...), regular expressions, comparisons, conversions (string(),
 * bytes()), logic, lists and macros (has()). So its answers are the answers
 * of any conforming evaluator, the API server's cel-go among them.
 */
import { isCelError, isCelUint, parse, plan } from '@bufbuild/cel';
import { tests } from '@bufbuild/cel-spec/testdata/conformance.js';
import { expect } from 'chai';
import { VALIDATING_ENV } from './cel-environments.js';

/** SUITES are the conformance suites of the language the policies use. */
const SUITES = ['basic', 'comparisons', 'conversions', 'lists', 'logic', 'macros', 'string', 'string_ext'];

type Expected = Record<string, unknown>;

/** matchesExpected compares a result with a conformance test's expected scalar value; undefined when the value is not a scalar. */
function matchesExpected(result: unknown, expected: Expected): boolean | undefined {
  const [kind, value] = Object.entries(expected)[0] ?? [];
  switch (kind) {
    case 'boolValue':
    case 'stringValue':
      return result === value;
    case 'int64Value':
      return result === BigInt(value as string);
    case 'uint64Value':
      return isCelUint(result) && result.value === BigInt(value as string);
    case 'doubleValue':
      return result === Number(value);
    default:
      return undefined;
  }
}

describe('the CEL evaluator of the policy tests', () => {
  for (const name of SUITES) {
    it(`passes the CEL conformance suite "${name}"`, () => {
      const suite = tests.suites?.find((s) => s.name === name);
      if (suite === undefined) expect.fail(`no conformance suite ${name}`);
      const failures: string[] = [];
      let run = 0;
      for (const section of suite.suites ?? []) {
        for (const { original } of section.tests ?? []) {
          // Tests that bind variables, declare types or read protobuf messages exercise what no policy here uses.
          if (original.bindings || original.container || original.typeEnv) continue;
          let result: unknown;
          try {
            result = plan(VALIDATING_ENV, parse(original.expr))();
          } catch (e) {
            result = e;
          }
          const failed = isCelError(result) || result instanceof Error;
          const passed = original.evalError ? failed : !failed && matchesExpected(result, (original.value ?? { boolValue: true }) as Expected);
          if (passed === undefined) continue; // an expected value that is not a scalar (a list, a map, a message)
          run++;
          if (!passed) failures.push(`${section.name}/${original.name}: ${original.expr}`);
        }
      }
      expect(run, 'tests run').to.be.greaterThan(20);
      expect(failures).to.deep.equal([]);
    });
  }
});
