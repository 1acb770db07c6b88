import { expect } from 'chai';
import { loadKubeConfig } from '../../src/kube/kube-config.js';
import { StoppableWatch } from '../../src/kube/stoppable-watch.js';
import { eventually } from '../support/eventually.js';
import { COLLECTIONS, FakeKubeApi, listener } from './fake-kube-api.js';

/** Watched is one watch() call: the events it delivered and how it ended. */
interface Watched {
  controller: Promise<AbortController>;
  events: Array<[type: string, name: string]>;
  /** ended resolves with what done() was called with. */
  ended: Promise<unknown>;
}

describe('StoppableWatch', () => {
  let api: FakeKubeApi;
  let watch: StoppableWatch;

  beforeEach(async () => {
    api = new FakeKubeApi();
    await api.start();
    watch = new StoppableWatch(loadKubeConfig(api.kubeconfig).config);
  });

  afterEach(async () => {
    watch.stop();
    await api.close();
  });

  /** watchListeners starts watching the Listener collection, as ListWatch does. */
  function watchListeners(): Watched {
    const events: Watched['events'] = [];
    let done!: (error: unknown) => void;
    const ended = new Promise<unknown>((resolve) => (done = resolve));
    const controller = watch.watch(COLLECTIONS.Listener!, {}, (type, object) => events.push([type, object.metadata.name]), done);
    return { controller, events, ended };
  }

  async function expectAborted(watched: Watched): Promise<void> {
    expect((await watched.controller).signal.aborted).to.equal(true);
    expect(await watched.ended).to.have.property('name', 'AbortError');
    await eventually(() => api.watching === 0, 'the API server sees the watch closed');
  }

  context('while not stopped', () => {
    it('delivers events as a Watch does, and stop() closes the connection', async () => {
      const watched = watchListeners();
      expect((await watched.controller).signal.aborted).to.equal(false);
      expect(api.watching).to.equal(1);
      api.put(listener('west', 'backend', 'backend', 8080));
      api.remove('west', 'backend', 'Listener');
      await eventually(() => watched.events.length === 2, 'both events arrive');
      expect(watched.events).to.deep.equal([
        ['ADDED', 'backend'],
        ['DELETED', 'backend'],
      ]);
      watch.stop();
      await expectAborted(watched);
    });
  });

  context('when stop() runs while the watch is still connecting', () => {
    it('aborts the watch as soon as it connects', async () => {
      const watched = watchListeners();
      watch.stop();
      await expectAborted(watched);
      expect(api.watches, 'the watch did connect before it was aborted').to.equal(1);
    });
  });

  context('once stopped', () => {
    it('aborts every later watch, as ListWatch starts one after each list', async () => {
      watch.stop();
      await expectAborted(watchListeners());
      await expectAborted(watchListeners());
      expect(api.watches).to.equal(2);
    });
  });

  context('when the API server ends a watch and another one starts on the same StoppableWatch', () => {
    it('stops the newest', async () => {
      const first = watchListeners();
      await first.controller;
      api.endWatches();
      expect(await first.ended, 'a clean end is no error').to.equal(null);
      const second = watchListeners();
      expect((await second.controller).signal.aborted).to.equal(false);
      expect(api.watching).to.equal(1);
      watch.stop();
      await expectAborted(second);
    });
  });
});
