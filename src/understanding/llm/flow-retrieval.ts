/**
 * Flow retrieval: keeps prompts small by offering the LLM only the flows closest to what the
 * user said (cosine similarity of embeddings), plus flows marked `always_include_in_prompt`
 * and flows started earlier in the conversation.
 * @module
 */
import type { Assistant } from '../../core/assistant.ts';
import type { Flow } from '../../core/flows.ts';
import type { EmbeddingClient } from '../../ports/llm-client.ts';
import { userFlows } from './startable-flows.ts';
import { cosineSimilarity } from '../../ports/embedding-similarity.ts';

export interface RetrievalOptions {
  readonly numFlows: number;
  readonly shouldEmbedSlots: boolean;
}

export interface RetrievalResult {
  /** Selected flows, in the order given. */
  readonly flows: readonly Flow[];
  /** Ids picked by similarity (Rasa's `flows_from_semantic_search`), best first. */
  readonly fromSemanticSearch: readonly string[];
}

export class FlowRetrieval {
  /** Flow embeddings per assistant fingerprint: computed once, reused by every turn. */
  private readonly flowVectors = new Map<string, Promise<Map<string, number[]>>>();

  constructor(
    private readonly embeddings: EmbeddingClient,
    private readonly options: RetrievalOptions,
  ) {}

  /**
   * Picks from `candidates` the top `numFlows` by similarity to `query`, plus every candidate in `keep`
   * or marked always-include. Rejects when the embeddings endpoint fails.
   */
  async select(assistant: Assistant, candidates: readonly Flow[], query: string, keep: ReadonlySet<string>): Promise<RetrievalResult> {
    const [vectors, [queryVector]] = await Promise.all([this.vectorsFor(assistant), this.embeddings.embed([query])]);
    const ranked = candidates
      .map((flow) => ({ id: flow.id, score: cosineSimilarity(queryVector ?? [], vectors.get(flow.id) ?? []) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, this.options.numFlows)
      .map((r) => r.id);
    const chosen = new Set(ranked);
    return {
      flows: candidates.filter((flow) => chosen.has(flow.id) || keep.has(flow.id) || flow.alwaysIncludeInPrompt),
      fromSemanticSearch: ranked,
    };
  }

  private vectorsFor(assistant: Assistant): Promise<Map<string, number[]>> {
    let vectors = this.flowVectors.get(assistant.fingerprint);
    if (!vectors) {
      vectors = this.embedFlows(assistant);
      this.flowVectors.set(assistant.fingerprint, vectors);
      // A failed attempt is not cached: the next turn tries again.
      vectors.catch(() => this.flowVectors.delete(assistant.fingerprint));
    }
    return vectors;
  }

  private async embedFlows(assistant: Assistant): Promise<Map<string, number[]>> {
    const flows = userFlows(assistant);
    const vectors = await this.embeddings.embed(flows.map((flow) => flowDocument(flow, assistant, this.options.shouldEmbedSlots)));
    return new Map(flows.map((flow, i) => [flow.id, vectors[i] ?? []]));
  }
}

/** The text embedded for a flow: its id, name and description, and optionally its slots. */
export function flowDocument(flow: Flow, assistant: Assistant, withSlots: boolean): string {
  const lines = [`${flow.id}: ${flow.name}`, flow.description];
  if (withSlots) {
    for (const step of flow.steps) {
      if (step.kind !== 'collect') continue;
      const description = step.description ?? assistant.domain.slots[step.collect]?.description;
      lines.push(description ? `${step.collect}: ${description}` : step.collect);
    }
  }
  return lines.filter((line) => line.trim() !== '').join('\n');
}
