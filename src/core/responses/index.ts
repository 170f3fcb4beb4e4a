/**
 * Domain responses: choosing a variation and rendering it into a bot message.
 * @module
 */
export { selectVariation, type VariationScope } from './select-variation.ts';
export { renderResponse, type ResponseScope } from './render-response.ts';
export { interpolateFormat } from './format-interpolation.ts';
