/**
 * KeepAlive says whether an answered connection stays open for the client's
 * next request. The graceful shutdown stops it when the drain begins: from
 * then on every response says `Connection: close` and Node closes its
 * connection once it is sent, so that a keep-alive client moves to another
 * replica without a request ever meeting a closing socket.
 *
 * It is one flag, read as a response is written, so that serving costs
 * nothing per request: no set of in-flight responses to keep up to date.
 */
export class KeepAlive {
  private on = true;

  /** enabled is true until stop. */
  get enabled(): boolean {
    return this.on;
  }

  /** stop makes every response from now on close its connection. */
  stop(): void {
    this.on = false;
  }
}
