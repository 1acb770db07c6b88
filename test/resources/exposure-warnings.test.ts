import { expect } from 'chai';
import { exposureWarnings } from '../../src/resources/exposure-warnings.js';
import type { ClusterPart, ClusterState, ExposureState, ServiceState } from '../../src/resources/resource.js';
import { ruleContext } from '../fixtures/rule-context.js';

const ALL_PARTS: ClusterPart[] = ['attachedconnectors', 'listeners', 'multikeylisteners', 'services'];

/** Cluster is what a stand-in cache holds, in namespace "west" unless keyed otherwise. */
interface Cluster {
  /** exposures by "namespace/host". */
  exposures?: Record<string, ExposureState[]>;
  /** services by "namespace/name". */
  services?: Record<string, ServiceState>;
  /** synced are the parts that have listed; all when absent. */
  synced?: ClusterPart[];
}

/** stateOf is a ClusterState answering from cluster, as the cache would once its parts have synced. */
function stateOf(cluster: Cluster): ClusterState {
  const synced = cluster.synced ?? ALL_PARTS;
  return {
    synced: (...parts) => parts.every((part) => synced.includes(part)),
    attachedConnector: () => undefined,
    exposures: (namespace, host) => cluster.exposures?.[`${namespace}/${host}`] ?? [],
    service: (namespace, name) => cluster.services?.[`${namespace}/${name}`],
  };
}

const listener = (name: string, port = 8080, host = 'backend'): ExposureState => ({ kind: 'Listener', name, host, port });
const multiKey = (name: string, port = 8080, host = 'backend'): ExposureState => ({ kind: 'MultiKeyListener', name, host, port });

/** warningsFor is what self draws in west from cluster. */
const warningsFor = (self: ExposureState, cluster: Cluster) => exposureWarnings(self, ruleContext({ clusterState: stateOf(cluster) }));

const LISTENER_CLASH =
  'Listener "db" in this namespace already has host "backend" and port 8080: Skupper serves only one of the two and sets on the other the status "Listener db with host backend and port 8080 already exists in namespace"';
const SHARED_PORT = (kind: string, name: string) =>
  `${kind} "${name}" in this namespace already has host "backend" and port 8080: Skupper makes both ports of Service "backend" with one port number, and Kubernetes refuses that Service`;
const FOREIGN_SERVICE = 'Service "backend" already exists in namespace "west" and Skupper did not create it (it has no internal.skupper.io/listener label)';
const LISTENER_LEFT_OUT = `${FOREIGN_SERVICE}: Skupper leaves it alone, does not expose this Listener, and sets its status to "Service backend already exists in namespace"`;
const MULTI_KEY_TAKES_OVER = `${FOREIGN_SERVICE}: Skupper takes it over for this MultiKeyListener, replacing its selector and ports with the router's`;

describe('exposureWarnings', () => {
  context('when there is nothing to ask', () => {
    it('says nothing without a cluster state', () => {
      expect(exposureWarnings(listener('backend'), ruleContext())).to.deep.equal([]);
    });

    it('says nothing when the namespace is unknown', () => {
      const clusterState = stateOf({ exposures: { 'west/backend': [listener('db')] }, services: { 'west/backend': { skupperOwned: false } } });
      expect(exposureWarnings(listener('backend'), ruleContext({ namespace: undefined, clusterState }))).to.deep.equal([]);
    });
  });

  context('when another object takes the same host and port', () => {
    const cases: Array<[string, ExposureState, ExposureState[], string[]]> = [
      ['warns of a Listener beside a Listener: the controller serves one', listener('backend'), [listener('db')], [LISTENER_CLASH]],
      ['warns of a Listener beside a MultiKeyListener: one Service, two ports of one number', listener('backend'), [multiKey('failover')], [SHARED_PORT('MultiKeyListener', 'failover')]],
      ['warns of a MultiKeyListener beside a Listener', multiKey('failover'), [listener('db')], [SHARED_PORT('Listener', 'db')]],
      ['warns of a MultiKeyListener beside a MultiKeyListener', multiKey('failover'), [multiKey('standby')], [SHARED_PORT('MultiKeyListener', 'standby')]],
      ['warns of an object of the same name but another kind', listener('backend'), [multiKey('backend')], [SHARED_PORT('MultiKeyListener', 'backend')]],
      ['warns of several objects, each in the cache\'s order', multiKey('failover'), [multiKey('standby'), listener('db')], [SHARED_PORT('MultiKeyListener', 'standby'), SHARED_PORT('Listener', 'db')]],
      ['says nothing of the object itself, as an UPDATE finds it stored', listener('backend'), [listener('backend')], []],
      ['says nothing of the same host on another port', listener('backend'), [listener('db', 9090), multiKey('failover', 8443)], []],
    ];
    for (const [name, self, others, warnings] of cases) {
      it(name, () => {
        expect(warningsFor(self, { exposures: { 'west/backend': others } })).to.deep.equal(warnings);
      });
    }

    it('asks only about its own namespace and host', () => {
      const exposures = { 'east/backend': [listener('db')], 'west/db': [listener('db', 8080, 'db')] };
      expect(warningsFor(listener('backend'), { exposures })).to.deep.equal([]);
    });
  });

  context('when a Service of the host\'s name exists', () => {
    const cases: Array<[string, ExposureState, ServiceState | undefined, string[]]> = [
      ['warns of one Skupper did not make, which a Listener leaves alone', listener('backend'), { skupperOwned: false }, [LISTENER_LEFT_OUT]],
      ['warns of one Skupper did not make, which a MultiKeyListener takes over', multiKey('failover'), { skupperOwned: false }, [MULTI_KEY_TAKES_OVER]],
      ['says nothing of one Skupper made', listener('backend'), { skupperOwned: true }, []],
      ['says nothing when there is none', listener('backend'), undefined, []],
    ];
    for (const [name, self, service, warnings] of cases) {
      it(name, () => {
        expect(warningsFor(self, { services: service ? { 'west/backend': service } : {} })).to.deep.equal(warnings);
      });
    }

    it('warns of a clash first, then of the Service', () => {
      expect(warningsFor(listener('backend'), { exposures: { 'west/backend': [listener('db')] }, services: { 'west/backend': { skupperOwned: false } } })).to.deep.equal([
        LISTENER_CLASH,
        LISTENER_LEFT_OUT,
      ]);
    });
  });

  context('when parts of the cache have not synced', () => {
    const both: Cluster = { exposures: { 'west/backend': [listener('db')] }, services: { 'west/backend': { skupperOwned: false } } };
    const cases: Array<[string, ClusterPart[], string[]]> = [
      ['nothing synced: no warning, since absence cannot be told', [], []],
      ['Listeners without MultiKeyListeners: no clash, which needs both', ['listeners', 'services'], [LISTENER_LEFT_OUT]],
      ['MultiKeyListeners without Listeners: no clash either', ['multikeylisteners', 'services'], [LISTENER_LEFT_OUT]],
      ['both listener kinds without Services: the clash alone', ['listeners', 'multikeylisteners'], [LISTENER_CLASH]],
      ['only AttachedConnectors, which it does not read', ['attachedconnectors'], []],
    ];
    for (const [name, synced, warnings] of cases) {
      it(`warns from what has: ${name}`, () => {
        expect(warningsFor(listener('backend'), { ...both, synced })).to.deep.equal(warnings);
      });
    }
  });
});
