/** EVENTUALLY_TIMEOUT_MS fails a wait that never comes true well inside mocha's 20 s test timeout, with a message that says what it waited for. */
const EVENTUALLY_TIMEOUT_MS = 5_000;

/** EVENTUALLY_POLL_MS is how often the condition is checked: often enough to keep tests quick, rarely enough to leave the loop to the code under test. */
const EVENTUALLY_POLL_MS = 10;

/**
 * eventually resolves once check() is true, for state that changes without an
 * event to wait for (an object a watch delivered, a connection the server
 * saw close); it rejects, naming what, if that takes longer than timeoutMs.
 */
export async function eventually(check: () => boolean, what: string, timeoutMs = EVENTUALLY_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, EVENTUALLY_POLL_MS));
  }
}
