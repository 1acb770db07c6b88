import { expect } from 'chai';
import { STAND_IN_NOW } from './apiserver/object-store.js';
import { loadServedKinds } from './apiserver/crds.js';
import { REPO, useStandIn } from './stand-in.js';

const LISTENERS = loadServedKinds().find((k) => k.kind === 'Listener')!;

function listener(name: string, spec = 'host: backend, port: 8080, routingKey: backend'): string {
  return `apiVersion: skupper.io/v2alpha1\nkind: Listener\nmetadata: {name: ${name}, namespace: west}\nspec: {${spec}}\n`;
}

describe('kubectl create and apply through the webhooks', () => {
  const standIn = useStandIn();
  const kubectl = (args: string[], stdin?: string) => standIn().kubectl.run(args, { stdin, cwd: REPO });
  const stored = (name: string) => standIn().apiServer.store.get(LISTENERS, 'west', name);

  context('kubectl create -f', () => {
    it('creates a Listener, which the mutating webhook gives spec.type tcp', async () => {
      const run = await kubectl(['create', '-f', '-'], listener('created'));
      expect(run).to.deep.equal({ code: 0, stdout: 'listener.skupper.io/created created\n', stderr: '' });
      expect(stored('created')['spec']).to.deep.equal({ host: 'backend', port: 8080, routingKey: 'backend', type: 'tcp' });
    });

    it('refuses a second create of the same name, as the API server does', async () => {
      await kubectl(['create', '-f', '-'], listener('twice'));
      const run = await kubectl(['create', '-f', '-'], listener('twice'));
      expect(run).to.deep.equal({
        code: 1,
        stdout: '',
        stderr: 'Error from server (AlreadyExists): error when creating "STDIN": listeners.skupper.io "twice" already exists\n',
      });
    });
  });

  context('kubectl apply -f', () => {
    it('creates, leaves unchanged, then configures a Listener, counting generations', async () => {
      expect(await kubectl(['apply', '-f', '-'], listener('applied'))).to.deep.equal({ code: 0, stdout: 'listener.skupper.io/applied created\n', stderr: '' });
      expect(await kubectl(['apply', '-f', '-'], listener('applied'))).to.deep.equal({ code: 0, stdout: 'listener.skupper.io/applied unchanged\n', stderr: '' });
      const changed = listener('applied', 'host: backend, port: 9090, routingKey: backend');
      expect(await kubectl(['apply', '-f', '-'], changed)).to.deep.equal({ code: 0, stdout: 'listener.skupper.io/applied configured\n', stderr: '' });
      expect(stored('applied')['spec']).to.deep.equal({ host: 'backend', port: 9090, routingKey: 'backend', type: 'tcp' });
      expect(stored('applied').metadata['generation']).to.equal(2);
    });

    it('applies over an object kubectl create made, warning that the annotation was missing', async () => {
      await kubectl(['create', '-f', '-'], listener('created-then-applied'));
      const run = await kubectl(['apply', '-f', '-'], listener('created-then-applied'));
      expect(run).to.deep.equal({
        code: 0,
        stdout: 'listener.skupper.io/created-then-applied configured\n',
        stderr:
          'Warning: resource listeners/created-then-applied is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n',
      });
      expect(stored('created-then-applied').metadata['annotations']).to.have.property('kubectl.kubernetes.io/last-applied-configuration');
    });
  });

  context('kubectl apply --dry-run=server', () => {
    it('prints the mutated object with -o yaml, and stores nothing', async () => {
      const run = await kubectl(['apply', '--dry-run=server', '-o', 'yaml', '-f', '-'], listener('dry'));
      expect(run.stderr).to.equal('');
      expect(run.code).to.equal(0);
      // A cluster's uid is random; the stand-in's is too, as far as this test knows.
      expect(run.stdout.replace(/^ {2}uid: [0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/m, '  uid: <uid>')).to.equal(`apiVersion: skupper.io/v2alpha1
kind: Listener
metadata:
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"skupper.io/v2alpha1","kind":"Listener","metadata":{"annotations":{},"name":"dry","namespace":"west"},"spec":{"host":"backend","port":8080,"routingKey":"backend"}}
  creationTimestamp: "${STAND_IN_NOW}"
  generation: 1
  name: dry
  namespace: west
  uid: <uid>
spec:
  host: backend
  port: 8080
  routingKey: backend
  type: tcp
`);
      expect(() => stored('dry')).to.throw('listeners.skupper.io "dry" not found');
    });

    it('says "created (server dry run)" for each object of a folder', async () => {
      const run = await kubectl(['apply', '--dry-run=server', '-f', 'examples/valid/']);
      expect(run).to.deep.equal({
        code: 0,
        stdout: [
          'attachedconnectorbinding.skupper.io/backend created (server dry run)',
          'attachedconnector.skupper.io/backend created (server dry run)',
          'connector.skupper.io/backend created (server dry run)',
          'listener.skupper.io/backend created (server dry run)',
          'multikeylistener.skupper.io/backend-failover created (server dry run)',
          '',
        ].join('\n'),
        stderr: '',
      });
    });
  });
});
