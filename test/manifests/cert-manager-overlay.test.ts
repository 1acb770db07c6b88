/**
 * The cert-manager overlay, rendered as `kubectl apply -k
 * manifests/overlays/cert-manager` renders it, and checked against the base:
 * it only adds the CA injection and the Issuers and Certificates that serve
 * the webhook, and renews the serving certificate well inside its CA's life.
 * The reasons for those choices are in the manifests' comments.
 */
import { expect } from 'chai';
import { CERT_MANAGER, find, type K8sObject, kustomize, NAME, NAMESPACE, type Rendering, RENDERINGS } from './rendered-manifests.js';

/** hours reads the Go durations cert-manager uses ("2160h", "1h30m"). */
function hours(duration: string): number {
  const units: Record<string, number> = { h: 1, m: 1 / 60, s: 1 / 3600 };
  return [...duration.matchAll(/(\d+)([hms])/g)].reduce((sum, [, n, unit]) => sum + Number(n) * units[unit!]!, 0);
}

describe('manifests', () => {
  const rendered = {} as Record<Rendering, K8sObject[]>;

  before(async () => {
    for (const [name, dir] of Object.entries(RENDERINGS)) rendered[name as Rendering] = await kustomize(dir);
  });

  describe('the cert-manager overlay', () => {
    let objects: K8sObject[];
    let serving: K8sObject;
    before(() => {
      objects = rendered['cert-manager overlay'];
      serving = find(objects, 'Certificate', 'skupper-webhook-serving');
    });

    it('has cert-manager inject the CA from the serving Certificate into both webhook configurations', () => {
      for (const kind of ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']) {
        expect(find(objects, kind).metadata.annotations, kind).to.deep.equal({
          'cert-manager.io/inject-ca-from': `${NAMESPACE}/skupper-webhook-serving`,
        });
      }
    });

    it('changes nothing else in the base', () => {
      const withoutInjection = objects
        .filter((o) => o.apiVersion !== CERT_MANAGER)
        .map((o) => {
          const annotations = { ...o.metadata.annotations };
          delete annotations['cert-manager.io/inject-ca-from'];
          const { annotations: _ignored, ...metadata } = o.metadata;
          return { ...o, metadata: Object.keys(annotations).length > 0 ? { ...metadata, annotations } : metadata };
        });
      expect(withoutInjection).to.deep.equal(rendered.base);
    });

    it('issues the serving certificate into the Secret the pods mount, for the name the API server dials', () => {
      const volume = find(objects, 'Deployment').spec.template.spec.volumes.find((v: K8sObject) => v.name === 'tls');
      expect(serving.spec.secretName).to.equal(volume.secret.secretName);
      expect(serving.spec.dnsNames).to.include(`${NAME}.${NAMESPACE}.svc`);
    });

    it('chains a self-signed Issuer, a CA Certificate and a CA Issuer to the serving Certificate', () => {
      const caIssuer = find(objects, 'Issuer', serving.spec.issuerRef.name);
      const ca = objects.find((o) => o.kind === 'Certificate' && o.spec.secretName === caIssuer.spec.ca.secretName);
      expect(ca?.spec.isCA).to.equal(true);
      expect(find(objects, 'Issuer', ca!.spec.issuerRef.name).spec).to.deep.equal({ selfSigned: {} });
    });

    it('renews the serving certificate with a new key by two thirds of its life, long before the CA expires', () => {
      const ca = find(objects, 'Certificate', 'skupper-webhook-ca');
      expect(serving.spec.privateKey.rotationPolicy).to.equal('Always');
      expect(hours(serving.spec.renewBefore)).to.be.at.least(hours(serving.spec.duration) / 3);
      expect(hours(ca.spec.renewBefore)).to.be.greaterThan(hours(serving.spec.duration));
    });
  });
});
