import { expect } from 'chai';
import { loadServedKinds } from './apiserver/crds.js';
import { REPO, useStandIn } from './stand-in.js';

const LISTENERS = loadServedKinds().find((k) => k.kind === 'Listener')!;

const RFC_1123_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS_1035_LABEL =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

const HOST_REASON = 'a Service name must be a DNS-1035 label (--service-name-validation=strict): on Kubernetes, Skupper creates a Service named after the host';

function object(kind: string, name: string, spec: string): string {
  return `apiVersion: skupper.io/v2alpha1\nkind: ${kind}\nmetadata: {name: ${name}, namespace: west}\nspec: {${spec}}\n`;
}

describe('kubectl denials and warnings through the webhooks', () => {
  const standIn = useStandIn();
  const kubectl = (args: string[], stdin?: string) => standIn().kubectl.run(args, { stdin, cwd: REPO });
  const stored = (name: string) => standIn().apiServer.store.get(LISTENERS, 'west', name);

  context('when the validating webhook denies with one cause', () => {
    const binding = object('AttachedConnectorBinding', 'backend', 'connectorNamespace: Backend_NS, routingKey: backend');
    const printed = `The AttachedConnectorBinding "backend" is invalid: spec.connectorNamespace: Invalid value: "Backend_NS": ${RFC_1123_LABEL}\n`;

    for (const args of [['create', '-f', '-'], ['apply', '-f', '-'], ['apply', '--dry-run=server', '-f', '-']]) {
      it(`kubectl ${args.join(' ')} prints the cause on one line and exits 1`, async () => {
        expect(await kubectl(args, binding)).to.deep.equal({ code: 1, stdout: '', stderr: printed });
      });
    }
  });

  context('when the validating webhook denies with several causes', () => {
    it('kubectl create prints each cause on a "* " line', async () => {
      const listener = object('Listener', 'backend', 'routingKey: backend, host: Backend_Service, port: 0');
      expect(await kubectl(['create', '-f', '-'], listener)).to.deep.equal({
        code: 1,
        stdout: '',
        stderr: `The Listener "backend" is invalid: \n* spec.port: Invalid value: 0: spec.port in body should be greater than or equal to 1\n* spec.host: Invalid value: "Backend_Service": ${DNS_1035_LABEL}: ${HOST_REASON}\n`,
      });
    });
  });

  context('when several objects are denied', () => {
    it('kubectl apply prints each Status message, with the prefix the API server adds', async () => {
      const prefix = (file: string, webhook: string) => `Error from server (Invalid): error when creating "examples/invalid/${file}": admission webhook "${webhook}" denied the request: `;
      const binding = prefix('attached-connector-binding.yaml', 'attachedconnectorbindings.skupper-webhook.skupper.io');
      const attached = prefix('attached-connector.yaml', 'attachedconnectors.skupper-webhook.skupper.io');
      const connector = prefix('connector.yaml', 'connectors.skupper-webhook.skupper.io');
      const listener = prefix('listener.yaml', 'listeners.skupper-webhook.skupper.io');
      // The CRD refuses some before any webhook is called: then there is no webhook's prefix.
      const refused = (file: string) => `Error from server (Invalid): error when creating "examples/invalid/${file}": `;
      expect(await kubectl(['apply', '--dry-run=server', '-f', 'examples/invalid/'])).to.deep.equal({
        code: 1,
        stdout: '',
        stderr: [
          `${binding}AttachedConnectorBinding.skupper.io "backend" is invalid: spec.connectorNamespace: Invalid value: "Bad_NS": ${RFC_1123_LABEL}`,
          `${binding}AttachedConnectorBinding.skupper.io "frontend" is invalid: spec.connectorNamespace: Invalid value: "west": must be a peer namespace: it may not be the binding's own namespace`,
          `${attached}AttachedConnector.skupper.io "backend" is invalid: spec.siteNamespace: Invalid value: "east": must be a peer namespace: it may not be the AttachedConnector's own namespace`,
          `${attached}AttachedConnector.skupper.io "frontend" is invalid: spec.siteNamespace: Invalid value: "West": ${RFC_1123_LABEL}`,
          `${connector}Connector.skupper.io "backend" is invalid: spec.selector: Invalid value: "app in (backend": unable to parse requirement: found '', expected: ',' or ')'`,
          `${refused('connector.yaml')}Connector.skupper.io "database" is invalid: <nil>: Invalid value: "": "spec" must validate one and only one schema (oneOf). Found 2 valid alternatives`,
          `${listener}Listener.skupper.io "backend" is invalid: [spec.port: Invalid value: 0: spec.port in body should be greater than or equal to 1, spec.host: Invalid value: "Backend_Service": ${DNS_1035_LABEL}: ${HOST_REASON}]`,
          `${listener}Listener.skupper.io "frontend.v2" is invalid: metadata.name: Invalid value: "frontend.v2": must not contain dots: Skupper names the port of the Listener's Service after the Listener, and a Service port name must be a DNS-1123 label`,
          `${refused('multi-key-listener.yaml')}MultiKeyListener.skupper.io "backend.v2" is invalid: spec.strategy: Invalid value: exactly one of the fields in [priority weighted] must be set`,
          '',
        ].join('\n'),
      });
    });
  });

  context('when a webhook warns', () => {
    it('kubectl prints "Warning: " and the text on stderr, and the object is created as sent', async () => {
      const run = await kubectl(['create', '-f', '-'], object('Listener', 'udp', 'host: backend, port: 8080, routingKey: backend, type: udp'));
      expect(run).to.deep.equal({
        code: 0,
        stdout: 'listener.skupper.io/udp created\n',
        stderr:
          'Warning: spec.type: Skupper supports only "tcp": for type "udp" it still creates the Service, but configures no router listener, so nothing forwards the traffic and no status says why\n',
      });
      expect(stored('udp')['spec']).to.deep.include({ type: 'udp' });
    });
  });

  context("when the CRD's schema refuses the object, before the validating webhook", () => {
    it('kubectl prints the structural errors in the API server’s words, and nothing of the webhook’s (no spec.host)', async () => {
      const run = await kubectl(['create', '-f', '-'], object('Listener', 'typed', 'host: Backend_Service, port: "8080", observer: h3'));
      expect(run).to.deep.equal({
        code: 1,
        stdout: '',
        stderr: [
          'The Listener "typed" is invalid: ',
          '* spec.observer: Unsupported value: "h3": supported values: "auto", "none", "http1", "http2"',
          '* spec.port: Invalid value: "string": spec.port in body must be of type integer: "string"',
          '* spec.routingKey: Required value',
          '',
        ].join('\n'),
      });
    });

    it('applies a oneOf: a Connector with both a selector and a host, before the Connector webhook is called', async () => {
      const connector = object('Connector', 'both', 'routingKey: backend, port: 8080, host: backend, selector: app=backend');
      expect(await kubectl(['create', '-f', '-'], connector)).to.deep.equal({
        code: 1,
        stdout: '',
        stderr: 'The Connector "both" is invalid: <nil>: Invalid value: "": "spec" must validate one and only one schema (oneOf). Found 2 valid alternatives\n',
      });
    });

    it("applies the CRD's CEL rules: exactly one strategy of a MultiKeyListener, the value left out", async () => {
      const both = object('MultiKeyListener', 'both', 'host: backend, port: 8080, strategy: {priority: {routingKeys: [a]}, weighted: {routingKeys: {a: 1}}}');
      expect(await kubectl(['create', '-f', '-'], both)).to.deep.equal({
        code: 1,
        stdout: '',
        stderr: 'The MultiKeyListener "both" is invalid: spec.strategy: Invalid value: exactly one of the fields in [priority weighted] must be set\n',
      });
    });

    it("applies a transition rule on UPDATE: a MultiKeyListener's strategy kind may not change", async () => {
      const priority = object('MultiKeyListener', 'failover', 'host: failover, port: 8080, strategy: {priority: {routingKeys: [a, b]}}');
      expect(await kubectl(['apply', '-f', '-'], priority)).to.include({ code: 0, stdout: 'multikeylistener.skupper.io/failover created\n' });
      const weighted = object('MultiKeyListener', 'failover', 'host: failover, port: 8080, strategy: {weighted: {routingKeys: {a: 1}}}');
      expect(await kubectl(['apply', '-f', '-'], weighted)).to.deep.equal({
        code: 1,
        stdout: '',
        stderr: 'The MultiKeyListener "failover" is invalid: spec.strategy: Invalid value: strategy is immutable\n',
      });
    });
  });

  context('when the object has a field the CRD does not declare', () => {
    const withUnknown = (name: string) => object('Listener', name, 'host: backend, port: 8080, routingKey: backend, hostname: backend');

    it('kubectl (--validate=strict by default) gets a BadRequest', async () => {
      expect(await kubectl(['create', '-f', '-'], withUnknown('strict'))).to.deep.equal({
        code: 1,
        stdout: '',
        stderr: 'Error from server (BadRequest): error when creating "STDIN": Listener in version "v2alpha1" cannot be handled as a Listener: strict decoding error: unknown field "spec.hostname"\n',
      });
    });

    it('kubectl --validate=warn gets a warning, and the field is dropped', async () => {
      expect(await kubectl(['create', '--validate=warn', '-f', '-'], withUnknown('warned'))).to.deep.equal({
        code: 0,
        stdout: 'listener.skupper.io/warned created\n',
        stderr: 'Warning: unknown field "spec.hostname"\n',
      });
      expect(stored('warned')['spec']).to.deep.equal({ host: 'backend', port: 8080, routingKey: 'backend', type: 'tcp' });
    });

    it('kubectl --validate=false gets nothing, and the field is dropped', async () => {
      expect(await kubectl(['create', '--validate=false', '-f', '-'], withUnknown('ignored'))).to.deep.equal({
        code: 0,
        stdout: 'listener.skupper.io/ignored created\n',
        stderr: '',
      });
      expect(stored('ignored')['spec']).to.not.have.property('hostname');
    });
  });
});
