/** Groups streamed pieces by the response (or artifact) they belong to, in order of first appearance. */
export interface Piece {
  readonly id: string;
  readonly text: string;
  readonly last: boolean;
}

export interface Assembled {
  readonly text: string;
  /** The `last` flag of every piece, in order: all false but the final one when the stream is well formed. */
  readonly lasts: readonly boolean[];
}

export function assembleChunks(pieces: readonly Piece[]): Assembled[] {
  const groups = new Map<string, Piece[]>();
  for (const piece of pieces) groups.set(piece.id, [...(groups.get(piece.id) ?? []), piece]);
  return [...groups.values()].map((group) => ({ text: group.map((p) => p.text).join(''), lasts: group.map((p) => p.last) }));
}

/** The lasts of a well-formed stream of `n` pieces. */
export const wellFormed = (n: number): boolean[] => Array.from({ length: n }, (_, i) => i === n - 1);
