/**
 * Recursive-descent parser for Rasa's pypred dialect. Grammar (as in pypred, where `and` and
 * `or` share one precedence level and group to the right, so `a and b or c` is `a and (b or c)`):
 *
 *   expression := unary (('and' | 'or') expression)?
 *   unary      := 'not' unary | term
 *   term       := factor (compare-op factor | 'is' 'not'? factor | 'contains' factor | 'matches' factor)?
 *   factor     := string | number | word | true | false | null | undefined | empty
 *               | '(' expression ')' | '{' set-item* '}'
 * @module
 */
import type { CompareOp, PredicateAst, SetItemAst } from './ast.ts';
import { compilePythonRegex } from './python-regex.ts';
import { PredicateSyntaxError, tokenize, type Token } from './tokenizer.ts';

const OP_NAMES: Readonly<Record<string, CompareOp>> = { '=': '=', '==': '=', '!=': '!=', '>': '>', '>=': '>=', '<': '<', '<=': '<=' };

function describe(token: Token): string {
  return token.type === 'end' ? 'end of predicate' : `'${token.text}'`;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  parse(): PredicateAst {
    const ast = this.expression();
    const rest = this.peek();
    if (rest.type !== 'end') throw new PredicateSyntaxError(`unexpected ${describe(rest)}: expected 'and', 'or' or end of predicate`, rest.offset);
    return ast;
  }

  private peek(): Token {
    return this.tokens[this.pos]!;
  }

  private next(): Token {
    const token = this.tokens[this.pos]!;
    if (token.type !== 'end') this.pos++;
    return token;
  }

  private isKeyword(token: Token, word: string): boolean {
    return token.type === 'keyword' && token.value === word;
  }

  private expression(): PredicateAst {
    const left = this.unary();
    const token = this.peek();
    if (this.isKeyword(token, 'and') || this.isKeyword(token, 'or')) {
      this.next();
      return { kind: 'logical', op: token.value as 'and' | 'or', left, right: this.expression(), offset: left.offset };
    }
    return left;
  }

  private unary(): PredicateAst {
    const token = this.peek();
    if (this.isKeyword(token, 'not')) {
      this.next();
      return { kind: 'not', operand: this.unary(), offset: token.offset };
    }
    return this.term();
  }

  private term(): PredicateAst {
    const left = this.factor();
    const token = this.peek();
    if (token.type === 'op') {
      this.next();
      return { kind: 'compare', op: OP_NAMES[token.value]!, left, right: this.factor(), offset: left.offset };
    }
    if (this.isKeyword(token, 'is')) {
      this.next();
      const negated = this.isKeyword(this.peek(), 'not');
      if (negated) this.next();
      return { kind: 'compare', op: negated ? '!=' : '=', left, right: this.factor(), offset: left.offset };
    }
    if (this.isKeyword(token, 'contains')) {
      this.next();
      return { kind: 'contains', left, right: this.containsOperand(), offset: left.offset };
    }
    if (this.isKeyword(token, 'matches')) {
      this.next();
      return { kind: 'matches', left, ...this.regex(), offset: left.offset };
    }
    return left;
  }

  /** pypred accepts only a single value (string, number, identifier, true/false/null) after `contains`. */
  private containsOperand(): PredicateAst {
    const operand = this.factor();
    if (operand.kind === 'string' || operand.kind === 'number' || operand.kind === 'identifier' || operand.kind === 'constant') return operand;
    throw new PredicateSyntaxError("'contains' must be followed by a single value (a string, number, slot or true/false/null)", operand.offset);
  }

  private regex(): { pattern: string; regex: RegExp } {
    const token = this.next();
    if (token.type !== 'string' && token.type !== 'word') {
      throw new PredicateSyntaxError(`'matches' must be followed by a quoted regular expression, got ${describe(token)}`, token.offset);
    }
    try {
      return { pattern: token.value, regex: compilePythonRegex(token.value) };
    } catch (error) {
      throw new PredicateSyntaxError(`invalid regular expression ${token.text}: ${(error as Error).message}`, token.offset);
    }
  }

  private factor(): PredicateAst {
    const token = this.next();
    const offset = token.offset;
    switch (token.type) {
      case 'string':
        return { kind: 'string', value: token.value, offset };
      case 'number':
        return { kind: 'number', value: Number(token.value), offset };
      case 'word':
        return { kind: 'identifier', path: token.value, offset };
      case 'keyword':
        switch (token.value) {
          case 'true':
          case 'false':
            return { kind: 'constant', value: token.value === 'true', offset };
          case 'null':
            return { kind: 'constant', value: null, offset };
          case 'undefined':
            return { kind: 'undefined', offset };
          case 'empty':
            return { kind: 'empty', offset };
          default:
            throw new PredicateSyntaxError(`unexpected keyword '${token.text}': expected a value`, offset);
        }
      case 'punct':
        if (token.value === '(') return this.parenthesized(offset);
        if (token.value === '{') return this.set(offset);
        throw new PredicateSyntaxError(`unexpected '${token.value}': expected a value`, offset);
      default:
        throw new PredicateSyntaxError(`unexpected ${describe(token)}: expected a value`, offset);
    }
  }

  private parenthesized(offset: number): PredicateAst {
    const inner = this.expression();
    const close = this.next();
    if (close.type !== 'punct' || close.value !== ')') {
      throw new PredicateSyntaxError(`expected ')' to close the '(' at offset ${offset}, got ${describe(close)}`, close.offset);
    }
    return inner;
  }

  private set(offset: number): PredicateAst {
    const items: SetItemAst[] = [];
    for (;;) {
      const token = this.peek();
      if (token.type === 'punct' && token.value === '}') {
        this.next();
        return { kind: 'set', items, offset };
      }
      if (token.type === 'end') throw new PredicateSyntaxError(`expected '}' to close the set opened at offset ${offset}`, token.offset);
      const item = token.type === 'punct' ? undefined : this.factor();
      if (item?.kind !== 'string' && item?.kind !== 'number' && item?.kind !== 'constant' && item?.kind !== 'identifier') {
        throw new PredicateSyntaxError('set items must be strings, numbers, slots or true/false/null', token.offset);
      }
      items.push(item);
    }
  }
}

/** Parses a template-free predicate; throws PredicateSyntaxError with the offending offset. */
export function parseTokens(source: string): PredicateAst {
  return new Parser(tokenize(source)).parse();
}
