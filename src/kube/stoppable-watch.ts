import { Watch } from '@kubernetes/client-node';

/**
 * StoppableWatch closes a watch that connects after its informer was
 * stopped. ListWatch.stop() aborts only a watch already connected; one still
 * connecting when stop() runs would otherwise stay open for good.
 */
export class StoppableWatch extends Watch {
  private stopped = false;
  private controller: AbortController | undefined;

  override async watch(...args: Parameters<Watch['watch']>): Promise<AbortController> {
    const controller = await super.watch(...args);
    if (this.stopped) controller.abort();
    else this.controller = controller;
    return controller;
  }

  /** stop aborts the watch, now or as soon as it connects. */
  stop(): void {
    this.stopped = true;
    this.controller?.abort();
  }
}
