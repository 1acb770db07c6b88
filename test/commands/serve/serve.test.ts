import { expect } from 'chai';
import { CliError } from '../../../src/commands/cli-error.js';
import { ExitCode } from '../../../src/commands/exit-codes.js';
import { kubeFromEnvironment } from '../../../src/commands/serve/serve.js';

describe('kubeFromEnvironment', () => {
  it('leaves --kube off when SKUPPER_WEBHOOK_KUBE is unset', () => {
    expect(kubeFromEnvironment(undefined)).to.equal(false);
  });

  for (const [value, kube] of [['false', false], ['0', false], ['No', false], ['', false], ['yes', true], ['TRUE', true], ['1', true]] as const) {
    it(`reads ${JSON.stringify(value)} as ${kube}`, () => {
      expect(kubeFromEnvironment(value)).to.equal(kube);
    });
  }

  // constructor: a key every object inherits, which must not pass for a value.
  for (const value of ['maybe', 'on', 'constructor']) {
    it(`refuses ${value} as a usage error naming the values it takes, rather than quietly leave --kube off`, () => {
      expect(() => kubeFromEnvironment(value))
        .to.throw(CliError, `SKUPPER_WEBHOOK_KUBE must be true, 1, yes, false, 0 or no, not "${value}"`)
        .with.property('exitCode', ExitCode.USAGE);
    });
  }
});
