/**
 * What the LLM judge is asked. The answers use the JSON shapes of Rasa's judge
 * (`question_variations`; `statements` with `statement`/`score`/`justification`), so recorded
 * judge answers carry over.
 * @module
 */

/** How many questions the judge proposes for a relevance check (as Rasa). */
export const QUESTION_COUNT = 3;

/** Asks for questions the bot response answers; they are compared with the user's message by embedding. */
export function relevancePrompt(botMessage: string): string {
  return `You review answers given by a customer-service assistant.
Read the assistant's reply below and write ${QUESTION_COUNT} different questions a user could have asked for which this reply would be a direct answer.
Each question should stand on its own and cover what the reply talks about. Do not answer anything yourself.

Assistant reply:
"""
${botMessage}
"""

Reply with JSON only, no prose and no code fence, in exactly this shape:
{"question_variations": ["<question 1>", "<question 2>", "<question 3>"]}`;
}

/** Asks for the reply's claims, each marked as supported (1) or not (0) by the reference text. */
export function groundednessPrompt(botMessage: string, groundTruth: string): string {
  return `You check the facts in answers given by a customer-service assistant against a reference text.
1. Split the assistant's reply into short, self-contained claims (repeat the subject instead of using pronouns).
2. Give each claim the score 1 when the reference text supports it, or 0 when the reference contradicts it or does not mention it.
3. Explain each score in one sentence that points at the relevant part of the reference.

Assistant reply:
"""
${botMessage}
"""

Reference text:
"""
${groundTruth}
"""

Reply with JSON only, no prose and no code fence, in exactly this shape:
{"statements": [{"statement": "<claim>", "score": 1, "justification": "<why>"}]}`;
}
