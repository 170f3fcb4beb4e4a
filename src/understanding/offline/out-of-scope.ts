/**
 * Built-in examples of messages no flow handles: small talk and requests outside a typical
 * assistant's domain. They form a rival class so that weak flow matches lose to them.
 * @module
 */
export const OUT_OF_SCOPE_LABEL = '__out_of_scope__';

export const OUT_OF_SCOPE_EXAMPLES: readonly string[] = [
  'how are you doing today',
  'tell me a joke',
  'what is the weather like tomorrow',
  'who won the game last night',
  'what is the capital of france',
  'book me a flight to paris',
  'order a pizza',
  'play some music',
  'what is the meaning of life',
  'are you a robot',
  'what is your name',
  'i like turtles',
  'recommend a good movie',
  'what time is it',
  'how tall is mount everest',
  'translate hello into spanish',
  'write me a poem about the sea',
  'do you like football',
  'i am bored',
  'set an alarm for seven',
  'what should i cook for dinner',
  'who is the president',
  'how do i bake bread',
  'sing me a song',
  'where is the nearest restaurant',
  'good morning how is it going',
  'thank you very much',
  'the sky is blue',
  'hello there',
  'what can you tell me about cats',
];
