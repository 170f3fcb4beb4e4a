/**
 * One parsed YAML file that remembers where every node came from, so diagnostics can name
 * file:line:column for any key path.
 * @module
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { YamlPath } from './diagnostics.ts';

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface YamlSyntaxError {
  readonly position: Position;
  readonly message: string;
  readonly code: string;
}

/** Where a located value should point: the value itself, or the key that holds it. */
export type LocateMode = 'value' | 'key';

export class YamlFile {
  /** Plain JS content (`null` for an empty file). */
  readonly data: unknown;
  readonly syntaxErrors: readonly YamlSyntaxError[];
  private readonly lineCounter: LineCounter;
  private readonly root: Node | null;

  constructor(
    /** Project-relative path. */
    readonly file: string,
    text: string,
  ) {
    this.lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter: this.lineCounter, prettyErrors: false });
    this.root = (doc.contents as Node | null) ?? null;
    this.syntaxErrors = doc.errors.map((e) => ({
      position: this.positionAt(e.pos[0]),
      message: e.message.split(' at line ')[0]!.split('\n')[0]!,
      code: e.code,
    }));
    this.data = doc.errors.length > 0 ? null : doc.toJS({ maxAliasCount: 1000 });
  }

  /**
   * Position of the node at `path`. When the path does not exist (a missing key), the deepest
   * existing ancestor is used, so "missing key" errors point at the map that lacks it.
   */
  locate(path: YamlPath, mode: LocateMode = 'value'): Position {
    let node: Node | null = this.root;
    let pos = 0;
    for (let i = 0; i < path.length && node; i++) {
      const seg = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) return this.positionAt(pos || (node.range?.[0] ?? 0));
        const keyPos = (pair.key as Node).range?.[0] ?? pos;
        const value = pair.value as Node | null;
        const emptyValue = !value || (isScalar(value) && value.value === null && value.source === '');
        if ((last && mode === 'key') || emptyValue) return this.positionAt(keyPos);
        pos = keyPos;
        node = value;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg] as Node | undefined;
        if (!item) return this.positionAt(pos || (node.range?.[0] ?? 0));
        node = item;
      } else {
        break;
      }
    }
    return this.positionAt(node?.range?.[0] ?? pos);
  }

  /**
   * Column offset where the text of a scalar starts (after an opening quote), so an error at
   * character `offset` inside a predicate points at the right column.
   */
  locateInScalar(path: YamlPath, offset: number): Position {
    const pos = this.locate(path);
    const node = this.nodeAt(path);
    if (!isScalar(node) || node.type === 'BLOCK_FOLDED' || node.type === 'BLOCK_LITERAL') return pos;
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
    return { line: pos.line, column: pos.column + quoted + offset };
  }

  private nodeAt(path: YamlPath): Node | null {
    let node: Node | null = this.root;
    for (const seg of path) {
      if (isMap(node)) node = (node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg))?.value as Node | null) ?? null;
      else if (isSeq(node) && typeof seg === 'number') node = (node.items[seg] as Node | undefined) ?? null;
      else return null;
    }
    return node;
  }

  private positionAt(offset: number): Position {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }
}
