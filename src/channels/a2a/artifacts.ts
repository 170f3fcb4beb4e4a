/**
 * Artifacts kept on the task: streamed chunks applied as `TaskArtifactUpdateEvent`s describe
 * (`append` extends the artifact with the same id, otherwise it is replaced), and the files and data
 * a turn's bot messages carry.
 * @module
 */
import type { BotMessage } from '../../core/events.ts';
import type { Artifact, ArtifactChunk, Part } from './task-model.ts';

/** The task's artifacts after one chunk; adjacent text parts are joined, as a reader of the stream would. */
export function applyArtifactChunk(artifacts: readonly Artifact[], chunk: ArtifactChunk): readonly Artifact[] {
  const at = artifacts.findIndex((a) => a.artifactId === chunk.artifact.artifactId);
  if (at < 0) return [...artifacts, chunk.artifact];
  const previous = artifacts[at]!;
  const merged = chunk.append ? { ...previous, parts: joinText([...previous.parts, ...chunk.artifact.parts]) } : chunk.artifact;
  return artifacts.map((a, i) => (i === at ? merged : a));
}

function joinText(parts: readonly Part[]): Part[] {
  const joined: Part[] = [];
  for (const part of parts) {
    const last = joined.at(-1);
    if (part.kind === 'text' && last?.kind === 'text' && last.mediaType === part.mediaType && last.metadata === undefined && part.metadata === undefined) {
      joined[joined.length - 1] = { ...last, text: last.text + part.text };
    } else {
      joined.push(part);
    }
  }
  return joined;
}

/** Files (`image`, an `attachment` URL) and JSON (`custom`, an `attachment` object) in a bot message, as artifact parts. */
export function botMessageParts(message: BotMessage): Part[] {
  const parts: Part[] = [];
  if (message.image) parts.push({ kind: 'file', file: { uri: message.image } });
  if (typeof message.attachment === 'string') parts.push({ kind: 'file', file: { uri: message.attachment } });
  else if (isObject(message.attachment)) parts.push({ kind: 'data', data: message.attachment });
  if (isObject(message.custom)) parts.push({ kind: 'data', data: message.custom });
  return parts;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
