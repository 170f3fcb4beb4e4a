import { describe, expect, it } from 'vitest';
import { LlmError, type EmbeddingClient, type LlmClient } from '../../ports/llm-client.ts';
import { createLlmJudge, JudgeError } from './judge.ts';

/** An LLM that always answers `text` (or fails), recording the prompts it got. */
function llmAnswering(text: string | Error): LlmClient & { prompts: string[] } {
  const prompts: string[] = [];
  return {
    prompts,
    async complete(messages) {
      prompts.push(messages.map((m) => m.content).join('\n'));
      if (text instanceof Error) throw text;
      return { text, latencyMs: 1, model: 'fake' };
    },
  };
}

/** Embeds each text as the vector given for it. */
const embeddingsOf = (vectors: Record<string, number[]>): EmbeddingClient => ({
  embed: async (texts) => texts.map((t) => vectors[t] ?? [0, 0]),
});

describe('relevance', () => {
  it('is the mean cosine similarity between the user message and the questions the judge derives from the response', async () => {
    const llm = llmAnswering(JSON.stringify({ question_variations: ['same?', 'orthogonal?', 'diagonal?'] }));
    const judge = createLlmJudge({ llm, embeddings: embeddingsOf({ 'what is x': [1, 0], 'same?': [2, 0], 'orthogonal?': [0, 3], 'diagonal?': [1, 1] }) });

    const verdict = await judge.relevance('what is x', 'The reply.');

    expect(verdict.score).toBeCloseTo((1 + 0 + Math.SQRT1_2) / 3, 10);
    expect(verdict.justification).toBe('questions the response answers (similarity with the user message): "same?" 1.00, "orthogonal?" 0.00, "diagonal?" 0.71');
    // The judge sees the response, not the user's message, so it cannot echo the question back.
    expect(llm.prompts[0]).toContain('The reply.');
    expect(llm.prompts[0]).not.toContain('what is x');
  });

  it('scores 0 when every derived question is empty, and zero vectors do not produce NaN', async () => {
    const empty = createLlmJudge({ llm: llmAnswering('{"question_variations": ["", " "]}'), embeddings: embeddingsOf({}) });
    expect(await empty.relevance('user', 'reply')).toEqual({ score: 0, justification: 'the judge derived no question from the response' });

    const zero = createLlmJudge({ llm: llmAnswering('{"question_variations": ["q"]}'), embeddings: embeddingsOf({}) });
    expect((await zero.relevance('user', 'reply')).score).toBe(0);
  });

  it('reports an embeddings failure as a judge error', async () => {
    const failing: EmbeddingClient = { embed: () => Promise.reject(new LlmError('HTTP 500', 'http')) };
    const judge = createLlmJudge({ llm: llmAnswering('{"question_variations": ["q"]}'), embeddings: failing });
    await expect(judge.relevance('user', 'reply')).rejects.toThrow(new JudgeError("the judge's embeddings model failed: HTTP 500"));
  });
});

describe('groundedness', () => {
  it('is the share of statements the judge finds supported, naming the unsupported ones', async () => {
    const answer = {
      statements: [
        { statement: 'A is 1.', score: 1, justification: 'Stated.' },
        { statement: 'B is 2.', score: 0, justification: 'The reference says B is 3.' },
        { statement: 'C is 4.', score: 1, justification: 'Stated.' },
        { statement: 'D is 5.', score: 0, justification: 'Not mentioned' },
      ],
    };
    const llm = llmAnswering(`Here you go:\n\`\`\`json\n${JSON.stringify(answer)}\n\`\`\``);
    const judge = createLlmJudge({ llm, embeddings: embeddingsOf({}) });

    const verdict = await judge.groundedness('A is 1, B is 2, C is 4, D is 5.', 'A is 1, B is 3, C is 4.');

    expect(verdict.score).toBe(0.5);
    expect(verdict.justification).toBe('2 of 4 statements are not supported by the ground truth: "B is 2." (The reference says B is 3); "D is 5." (Not mentioned)');
    expect(llm.prompts[0]).toContain('A is 1, B is 3, C is 4.');
  });

  it('says so when every statement is supported', async () => {
    const judge = createLlmJudge({ llm: llmAnswering('{"statements": [{"statement": "x", "score": 1, "justification": "y"}]}'), embeddings: embeddingsOf({}) });
    expect(await judge.groundedness('x', 'x')).toEqual({ score: 1, justification: '1 of 1 statements are supported' });
  });
});

describe('unusable judge answers', () => {
  it.each([
    ['prose', 'It is grounded.', `the LLM judge's answer is not JSON: "It is grounded."`],
    ['no statements', '{"statements": []}', `the LLM judge's answer does not have the expected shape (statements: Too small: expected array to have >=1 items): "{\\"statements\\": []}"`],
    ['a score outside [0, 1]', '{"statements": [{"statement": "x", "score": 5, "justification": ""}]}', `(statements.0.score: Too big: expected number to be <=1)`],
    ['the other assertion’s shape', '{"question_variations": ["q"]}', `(statements: Invalid input: expected array, received undefined)`],
  ])('fail with a clear message: %s', async (_name, answer, message) => {
    const judge = createLlmJudge({ llm: llmAnswering(answer), embeddings: embeddingsOf({}) });
    const error = await judge.groundedness('x', 'y').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JudgeError);
    expect((error as Error).message).toContain(message);
  });

  it('quotes at most 200 characters of a long answer', async () => {
    const judge = createLlmJudge({ llm: llmAnswering('x'.repeat(500)), embeddings: embeddingsOf({}) });
    await expect(judge.relevance('u', 'r')).rejects.toThrow(`not JSON: "${'x'.repeat(200)}…"`);
  });

  it('reports an LLM failure as a judge error', async () => {
    const judge = createLlmJudge({ llm: llmAnswering(new LlmError('timed out after 3000 ms', 'timeout')), embeddings: embeddingsOf({}) });
    await expect(judge.groundedness('x', 'y')).rejects.toThrow(new JudgeError('the LLM judge failed: timed out after 3000 ms'));
  });
});
