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

/** What a YAML text holds, and the positions looked up in it so far (keyed by mode and path). */
export interface KnownYaml {
  readonly data: unknown;
  readonly positions: Record<string, Position>;
}

/**
 * YAML texts parsed before (parsing is most of a project's load time): their content and the positions
 * the loader looked up (every slot and flow step records where it is written). Only texts without
 * syntax errors are kept; `positions` keeps growing while the file is used.
 */
export interface ParsedYamlCache {
  get(text: string): KnownYaml | undefined;
  set(text: string, known: KnownYaml): void;
}

interface Parsed {
  readonly root: Node | null;
  readonly lineCounter: LineCounter;
}

export class YamlFile {
  /** Plain JS content (`null` for an empty file). */
  readonly data: unknown;
  readonly syntaxErrors: readonly YamlSyntaxError[];
  private readonly positions: Record<string, Position>;
  /** The document with its positions: parsed on demand when the content came from the cache. */
  private parsed: Parsed | undefined;

  constructor(
    /** Project-relative path. */
    readonly file: string,
    private readonly text: string,
    cache?: ParsedYamlCache,
  ) {
    const known = cache?.get(text);
    if (known) {
      this.data = known.data;
      this.positions = known.positions;
      this.syntaxErrors = [];
      return;
    }
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, prettyErrors: false });
    this.parsed = { root: (doc.contents as Node | null) ?? null, lineCounter };
    this.positions = {};
    this.syntaxErrors = doc.errors.map((e) => ({
      position: this.positionAt(e.pos[0]),
      message: e.message.split(' at line ')[0]!.split('\n')[0]!,
      code: e.code,
    }));
    this.data = doc.errors.length > 0 ? null : doc.toJS({ maxAliasCount: 1000 });
    this.keepIn(cache);
  }

  /** Gives the content and the positions looked up from now on to `cache` (a file read once per process, loaded again). */
  keepIn(cache: ParsedYamlCache | undefined): void {
    if (this.syntaxErrors.length === 0) cache?.set(this.text, { data: this.data, positions: this.positions });
  }

  private document(): Parsed {
    if (!this.parsed) {
      const lineCounter = new LineCounter();
      this.parsed = { root: (parseDocument(this.text, { lineCounter }).contents as Node | null) ?? null, lineCounter };
    }
    return this.parsed;
  }

  /**
   * Position of the node at `path`. When the path does not exist (a missing key), the deepest
   * existing ancestor is used, so "missing key" errors point at the map that lacks it.
   */
  locate(path: YamlPath, mode: LocateMode = 'value'): Position {
    const key = `${mode} ${JSON.stringify(path)}`;
    this.positions[key] ??= this.find(path, mode);
    return this.positions[key];
  }

  private find(path: YamlPath, mode: LocateMode): Position {
    let node: Node | null = this.document().root;
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
    let node: Node | null = this.document().root;
    for (const seg of path) {
      if (isMap(node)) node = (node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg))?.value as Node | null) ?? null;
      else if (isSeq(node) && typeof seg === 'number') node = (node.items[seg] as Node | undefined) ?? null;
      else return null;
    }
    return node;
  }

  private positionAt(offset: number): Position {
    const { line, col } = this.document().lineCounter.linePos(offset);
    return { line, column: col };
  }
}
