/**
 * Each sub-agent is prepared once (connected, its files loaded) and shared by every turn. A
 * preparation that fails is forgotten, so the next turn tries again: an agent that was down at
 * startup is reached once it is up, a broken file is read again once fixed.
 * @module
 */
import type { SubAgentConfig } from '../../core/assistant.ts';

export class PreparedAgents<T> {
  readonly #prepare: (config: SubAgentConfig) => Promise<T>;
  readonly #prepared = new Map<string, Promise<T>>();

  constructor(prepare: (config: SubAgentConfig) => Promise<T>) {
    this.#prepare = prepare;
  }

  get(config: SubAgentConfig): Promise<T> {
    let found = this.#prepared.get(config.name);
    if (!found) {
      found = this.#prepare(config);
      this.#prepared.set(config.name, found);
      found.catch(() => this.#prepared.delete(config.name));
    }
    return found;
  }

  clear(): void {
    this.#prepared.clear();
  }
}
