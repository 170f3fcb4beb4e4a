/**
 * `stub_custom_actions`: per conversation, answer stubbed actions from the test file and pass the rest
 * to the project's real action runner.
 * @module
 */
import type { ActionCall, ActionResult, ActionRunner } from '../../ports/action-runner.ts';

export class StubbingActionRunner implements ActionRunner {
  readonly #stubs = new Map<string, Readonly<Record<string, ActionResult>>>();
  readonly #fallback: ActionRunner;

  constructor(fallback: ActionRunner) {
    this.#fallback = fallback;
  }

  /** Stubs for one conversation (one test case). */
  stubFor(senderId: string, stubs: Readonly<Record<string, ActionResult>>): void {
    this.#stubs.set(senderId, stubs);
  }

  has(name: string): boolean {
    return this.#fallback.has(name) || [...this.#stubs.values()].some((s) => name in s);
  }

  run(call: ActionCall): Promise<ActionResult> {
    const stub = this.#stubs.get(call.state.sender_id)?.[call.name];
    return stub ? Promise.resolve(stub) : this.#fallback.run(call);
  }
}
