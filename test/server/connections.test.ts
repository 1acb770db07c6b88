import { expect } from 'chai';
import type { ServerResponse } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** SLOW_MS is how long the slow path takes to finish its answer, after sending its headers. */
const SLOW_MS = 600;

/** QUIET_MS is the drain's quiet time in these tests, well under SLOW_MS. */
const QUIET_MS = 150;

/** get fetches path on agent and resolves with the socket it used once the answer has ended. */
function get(server: TestServer, path: string, agent: https.Agent): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: '127.0.0.1', servername: 'localhost', port: server.port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(req.socket as Socket));
    });
    req.on('error', reject);
  });
}

const closed = (socket: Socket) => new Promise<number>((resolve) => (socket.destroyed ? resolve(Date.now()) : socket.once('close', () => resolve(Date.now()))));

describe('Connections', () => {
  let server: TestServer;
  let agents: https.Agent[];
  let slow: ServerResponse | undefined;
  let fast: Socket | undefined;
  const agent = () => {
    const made = new https.Agent({ ca: server.ca, keepAlive: true, maxSockets: 1 });
    agents.push(made);
    return made;
  };

  beforeEach(async () => {
    agents = [];
    slow = undefined;
    server = await startTestServer({
      app: (req, res) => {
        if (req.url !== '/slow') {
          fast = req.socket;
          return void res.writeHead(204).end();
        }
        slow = res;
        res.writeHead(200).write('partial');
        setTimeout(() => res.end(), SLOW_MS);
      },
    });
  });

  afterEach(async () => {
    for (const made of agents) made.destroy();
    await server.close();
  });

  it('counts open connections and knows which has a response in progress', async () => {
    await get(server, '/fast', agent());
    const slowDone = get(server, '/slow', agent());
    while (slow === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
    const slowSocket = slow.socket!;
    expect(server.server.connections.size).to.equal(2);
    expect(server.server.connections.inProgress(slowSocket)).to.equal(true);
    expect(server.server.connections.inProgress(fast!)).to.equal(false);
    await slowDone;
    const sent = slow;
    await new Promise((resolve) => (sent.writableFinished ? resolve(undefined) : sent.once('finish', resolve)));
    expect(server.server.connections.inProgress(slowSocket)).to.equal(false);
  });

  it('drains a quiet connection after quietMs, and one with a response in progress only after it', async () => {
    const idle = await get(server, '/fast', agent());
    const slowDone = get(server, '/slow', agent());
    while (slow === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
    const slowSocket = slow.socket!;
    const started = Date.now();
    server.server.connections.drain(QUIET_MS);
    const [idleClosed, slowClosed] = await Promise.all([closed(idle), closed(slowSocket), slowDone]);
    expect(idleClosed - started).to.be.at.least(QUIET_MS - 20);
    // Its headers said keep-alive before the drain began; once sent, it is drained like the idle one.
    expect(slowClosed - started, 'the slow answer was not cut short').to.be.at.least(SLOW_MS - 150);
  });

  it('resolves empty only after no connection has been open for quietMs', async () => {
    const idle = await get(server, '/fast', agent());
    let emptied = false;
    const empty = server.server.connections.empty(QUIET_MS).then(() => (emptied = true));
    idle.destroy();
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS / 2));
    // A client reconnecting within the quiet time keeps the server from counting itself empty.
    const again = await get(server, '/fast', agent());
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    expect(emptied).to.equal(false);
    again.destroy();
    await empty;
    expect(server.server.connections.size).to.equal(0);
  });
});
