import { expect } from 'chai';
import { Command } from 'commander';
import { serviceNameValidationOption } from '../../src/commands/service-name-option.js';
import { SERVICE_NAME_VALIDATION_ENV } from '../../src/validation/service-name.js';

/** parsed is the option's value after parsing args with env set, or the error commander raised. */
function parsed(args: string[], env: string | undefined): { value?: unknown; error?: string } {
  const saved = process.env[SERVICE_NAME_VALIDATION_ENV];
  if (env === undefined) delete process.env[SERVICE_NAME_VALIDATION_ENV];
  else process.env[SERVICE_NAME_VALIDATION_ENV] = env;
  try {
    const command = new Command('check')
      .addOption(serviceNameValidationOption())
      .exitOverride()
      .configureOutput({ writeErr: () => {}, writeOut: () => {} });
    command.parse(args, { from: 'user' });
    return { value: command.opts()['serviceNameValidation'] };
  } catch (e) {
    return { error: (e as Error).message };
  } finally {
    if (saved === undefined) delete process.env[SERVICE_NAME_VALIDATION_ENV];
    else process.env[SERVICE_NAME_VALIDATION_ENV] = saved;
  }
}

describe('serviceNameValidationOption', () => {
  const cases: [string, string[], string | undefined, { value?: unknown; error?: string }][] = [
    ['strict by default', [], undefined, { value: 'strict' }],
    ['the flag', ['--service-name-validation', 'relaxed'], undefined, { value: 'relaxed' }],
    ['the flag with =', ['--service-name-validation=strict'], undefined, { value: 'strict' }],
    ['the environment variable', [], 'relaxed', { value: 'relaxed' }],
    ['the flag over the environment variable', ['--service-name-validation', 'strict'], 'relaxed', { value: 'strict' }],
    [
      'a rule that is not a choice',
      ['--service-name-validation', 'loose'],
      undefined,
      { error: "error: option '--service-name-validation <rule>' argument 'loose' is invalid. Allowed choices are strict, relaxed." },
    ],
    [
      'an environment variable that is not a choice',
      [],
      'loose',
      { error: `error: option '--service-name-validation <rule>' value 'loose' from env '${SERVICE_NAME_VALIDATION_ENV}' is invalid. Allowed choices are strict, relaxed.` },
    ],
  ];
  for (const [name, args, env, expected] of cases) {
    it(`reads ${name}`, () => {
      expect(parsed(args, env)).to.deep.equal(expected);
    });
  }

  it('is a new option each time, so that serve and check can each add one', () => {
    const [a, b] = [serviceNameValidationOption(), serviceNameValidationOption()];
    expect([a === b, a.long, a.envVar, a.argChoices]).to.deep.equal([false, '--service-name-validation', SERVICE_NAME_VALIDATION_ENV, ['strict', 'relaxed']]);
  });
});
