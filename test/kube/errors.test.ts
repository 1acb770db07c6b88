import { expect } from 'chai';
import { ClusterCacheError, isKubeConfigError, KubeConfigError } from '../../src/kube/errors.js';

describe('kube errors', () => {
  for (const [name, Type] of [['KubeConfigError', KubeConfigError], ['ClusterCacheError', ClusterCacheError]] as const) {
    describe(name, () => {
      it('is an Error with its name and message', () => {
        const e = new Type('no current cluster');
        expect({ isError: e instanceof Error, name: e.name, message: e.message, hasCause: 'cause' in e }).to.deep.equal({
          isError: true,
          name,
          message: 'no current cluster',
          hasCause: false,
        });
      });

      context('when given a cause', () => {
        it('keeps it', () => {
          const cause = new Error('ENOENT');
          expect(new Type('no kubeconfig', { cause }).cause).to.equal(cause);
        });
      });

      context('when given an undefined cause', () => {
        it('carries no cause at all', () => {
          expect('cause' in new Type('no kubeconfig', { cause: undefined })).to.equal(false);
        });
      });
    });
  }

  describe('isKubeConfigError', () => {
    const cases: [string, unknown, boolean][] = [
      ['a KubeConfigError', new KubeConfigError('x'), true],
      ['a ClusterCacheError, which is not the user\'s to fix', new ClusterCacheError('x'), false],
      ['an Error named KubeConfigError', Object.assign(new Error('x'), { name: 'KubeConfigError' }), false],
      ['undefined', undefined, false],
    ];
    for (const [name, value, expected] of cases) {
      it(`is ${expected} for ${name}`, () => {
        expect(isKubeConfigError(value)).to.equal(expected);
      });
    }
  });
});
