/**
 * The LLM judge behind `generative_response_is_relevant` / `_is_grounded`, scoring as Rasa does:
 * relevance = mean cosine similarity between the user's message and questions the judge derives
 * from the bot response; groundedness = share of the response's claims the judge finds supported
 * by the ground truth.
 * @module
 */
import { z } from 'zod';
import type { EmbeddingClient, LlmClient } from '../../ports/llm-client.ts';
import { groundednessPrompt, relevancePrompt } from './judge-prompts.ts';
import { cosineSimilarity } from '../../ports/embedding-similarity.ts';

/** A score in [0, 1] and, for the failure report, what it is made of. */
export interface JudgeVerdict {
  readonly score: number;
  readonly justification: string;
}

export interface LlmJudge {
  relevance(userMessage: string, botMessage: string): Promise<JudgeVerdict>;
  groundedness(botMessage: string, groundTruth: string): Promise<JudgeVerdict>;
}

/** The judge could not give a verdict: its LLM failed or answered something unusable. */
export class JudgeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JudgeError';
  }
}

const relevanceAnswer = z.object({ question_variations: z.array(z.string()).min(1) });
const groundednessAnswer = z.object({
  statements: z.array(z.object({ statement: z.string(), score: z.number().min(0).max(1), justification: z.string().default('') })).min(1),
});

const MAX_QUOTED_ANSWER = 200;

export function createLlmJudge(clients: { readonly llm: LlmClient; readonly embeddings: EmbeddingClient }): LlmJudge {
  const ask = async <T>(prompt: string, schema: z.ZodType<T>): Promise<T> => {
    let text: string;
    try {
      text = (await clients.llm.complete([{ role: 'user', content: prompt }])).text;
    } catch (error) {
      throw new JudgeError(`the LLM judge failed: ${(error as Error).message}`, { cause: error });
    }
    return parseAnswer(text, schema);
  };
  return {
    async relevance(userMessage, botMessage) {
      const questions = (await ask(relevancePrompt(botMessage), relevanceAnswer)).question_variations.map((q) => q.trim());
      if (questions.every((q) => q === '')) return { score: 0, justification: 'the judge derived no question from the response' };
      let vectors: number[][];
      try {
        vectors = await clients.embeddings.embed([userMessage, ...questions]);
      } catch (error) {
        throw new JudgeError(`the judge's embeddings model failed: ${(error as Error).message}`, { cause: error });
      }
      const [user, ...generated] = vectors;
      if (!user || generated.length !== questions.length) throw new JudgeError(`the judge's embeddings model returned ${vectors.length} vectors for ${questions.length + 1} texts`);
      const similarities = generated.map((v) => cosineSimilarity(user, v));
      const score = similarities.reduce((sum, s) => sum + s, 0) / similarities.length;
      const justification = `questions the response answers (similarity with the user message): ${questions.map((q, i) => `${JSON.stringify(q)} ${similarities[i]!.toFixed(2)}`).join(', ')}`;
      return { score, justification };
    },
    async groundedness(botMessage, groundTruth) {
      const { statements } = await ask(groundednessPrompt(botMessage, groundTruth), groundednessAnswer);
      const supported = statements.reduce((sum, s) => sum + s.score, 0);
      const unsupported = statements.filter((s) => s.score === 0);
      const justification =
        unsupported.length === 0
          ? `${statements.length} of ${statements.length} statements are supported`
          : `${unsupported.length} of ${statements.length} statements are not supported by the ground truth: ${unsupported.map((s) => `${JSON.stringify(s.statement)} (${s.justification.replace(/\.$/, '')})`).join('; ')}`;
      return { score: supported / statements.length, justification };
    },
  };
}

/** JSON from the judge's answer, tolerating a code fence or prose around the object. */
function parseAnswer<T>(text: string, schema: z.ZodType<T>): T {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  const quoted = JSON.stringify(text.length > MAX_QUOTED_ANSWER ? `${text.slice(0, MAX_QUOTED_ANSWER)}…` : text);
  let json: unknown;
  try {
    json = JSON.parse(start >= 0 && end > start ? text.slice(start, end + 1) : text);
  } catch {
    throw new JudgeError(`the LLM judge's answer is not JSON: ${quoted}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new JudgeError(`the LLM judge's answer does not have the expected shape (${issue.path.join('.') || 'answer'}: ${issue.message}): ${quoted}`);
  }
  return parsed.data;
}
