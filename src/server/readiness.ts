/**
 * Readiness collects named checks for /readyz, in the style of the API
 * server's own /readyz: each check passes or says why not, and `?verbose`
 * lists them all ("[+]certificate ok", "[-]shutdown failed: ...").
 */

/** ReadinessCheck returns undefined when ready, or the reason it is not. */
export type ReadinessCheck = () => string | undefined;

/** ReadinessReport is the outcome of every check. */
export interface ReadinessReport {
  ready: boolean;
  /** lines are "[+]name ok" or "[-]name failed: reason", in registration order. */
  lines: string[];
}

/** Readiness holds the checks; the first failing one makes the process unready. */
export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();

  /** add registers check under name, replacing any check of that name. */
  add(name: string, check: ReadinessCheck): this {
    this.checks.set(name, check);
    return this;
  }

  /** report runs every check. A check that throws fails with its message. */
  report(): ReadinessReport {
    const lines: string[] = [];
    let ready = true;
    for (const [name, check] of this.checks) {
      let reason: string | undefined;
      try {
        reason = check();
      } catch (e) {
        reason = e instanceof Error ? e.message : String(e);
      }
      if (reason === undefined) lines.push(`[+]${name} ok`);
      else {
        ready = false;
        lines.push(`[-]${name} failed: ${reason}`);
      }
    }
    return { ready, lines };
  }
}
