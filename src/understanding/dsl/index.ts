/**
 * The command DSL that LLM command generators answer in.
 * @module
 */
export { parseCommands, type DslVersion, type ParseCommandsOptions } from './command-parser.ts';
