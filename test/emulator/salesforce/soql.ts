/**
 * A parser for the SOQL subset the sync needs:
 *   SELECT f1, Rel.f2 | COUNT() FROM Type [WHERE cond] [ORDER BY f [ASC|DESC] [NULLS FIRST|LAST], …]
 *   [LIMIT n] [OFFSET n]
 * cond: comparisons (= != <> < <= > >= LIKE), [NOT] IN (…), NOT, AND, OR and parentheses. As in SOQL, AND and
 * OR cannot be mixed at one level without parentheses. Binding to fields and evaluation live in query.ts.
 */
import { parseDateTime } from './clock';

export type Literal =
  | { kind: 'string'; value: string; /** LIKE pattern source keeping \% and \_ escapes */ raw: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'datetime'; value: number; text: string }
  | { kind: 'date'; text: string };

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE';

export interface FieldPath {
  readonly segments: readonly string[];
  readonly text: string;
  readonly pos: number;
}

export type Condition =
  | { kind: 'and' | 'or'; parts: Condition[] }
  | { kind: 'not'; inner: Condition }
  | { kind: 'compare'; field: FieldPath; op: CompareOp; value: Literal; pos: number }
  | { kind: 'in'; field: FieldPath; negated: boolean; values: Literal[]; pos: number };

export interface OrderItem {
  readonly field: FieldPath;
  readonly descending: boolean;
  readonly nullsLast: boolean;
}

export interface SelectQuery {
  readonly text: string;
  /** 'count' for SELECT COUNT(). */
  readonly fields: readonly FieldPath[] | 'count';
  readonly from: string;
  readonly fromPos: number;
  readonly where?: Condition;
  readonly orderBy: readonly OrderItem[];
  readonly limit?: number;
  readonly offset?: number;
}

/** A query error; `pos` lets the message point at the offending token the way Salesforce does. */
export class SoqlError extends Error {
  readonly code: string;
  readonly pos: number | undefined;

  constructor(code: string, message: string, pos?: number) {
    super(message);
    this.name = 'SoqlError';
    this.code = code;
    this.pos = pos;
  }
}

/** Salesforce's error layout: the query, a caret under the problem, then "ERROR at Row:r:Column:c". */
export function formatSoqlError(query: string, error: SoqlError): string {
  if (error.pos === undefined) return error.message;
  const before = query.slice(0, error.pos);
  const row = before.split('\n').length;
  const column = error.pos - before.lastIndexOf('\n');
  const line = query.split('\n')[row - 1] ?? '';
  return `\n${line}\n${' '.repeat(Math.max(0, column - 1))}^\nERROR at Row:${row}:Column:${column}\n${error.message}`;
}

type Token =
  | { kind: 'word'; text: string; pos: number }
  | { kind: 'literal'; literal: Literal; pos: number; text: string }
  | { kind: 'punct'; text: string; pos: number }
  | { kind: 'eof'; pos: number; text: '<EOF>' };

const KEYWORDS = new Set([
  'SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', 'IN', 'LIKE', 'ORDER', 'BY', 'ASC', 'DESC', 'NULLS', 'FIRST',
  'LAST', 'LIMIT', 'OFFSET', 'NULL', 'TRUE', 'FALSE', 'GROUP', 'HAVING', 'INCLUDES', 'EXCLUDES',
]);

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\' };
const DATETIME_LITERAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2})/;
const DATE_LITERAL = /^\d{4}-\d{2}-\d{2}(?![\dT])/;
const NUMBER_LITERAL = /^-?\d+(?:\.\d+)?/;
const WORD = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/;

function readString(text: string, start: number): { token: Token; end: number } {
  let value = '';
  let raw = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === "'") {
      return { token: { kind: 'literal', literal: { kind: 'string', value, raw }, pos: start, text: text.slice(start, i + 1) }, end: i + 1 };
    }
    if (c === '\\') {
      const next = text.charAt(i + 1);
      const lower = next.toLowerCase();
      if (next === '%' || next === '_') {
        value += next;
        raw += `\\${next}`;
      } else if (lower in ESCAPES) {
        value += ESCAPES[lower]!;
        raw += ESCAPES[lower]!;
      } else {
        throw new SoqlError('MALFORMED_QUERY', `Invalid string literal '${text.slice(start, i + 2)}'. Illegal escape sequence '\\${next}'`, i);
      }
      i += 2;
      continue;
    }
    value += c;
    raw += c;
    i += 1;
  }
  throw new SoqlError('MALFORMED_QUERY', `line 1:${start} mismatched character '<EOF>' expecting '''`, start);
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    const rest = text.slice(i);
    if (c === "'") {
      const { token, end } = readString(text, i);
      tokens.push(token);
      i = end;
      continue;
    }
    const two = rest.slice(0, 2);
    if (two === '!=' || two === '<>' || two === '<=' || two === '>=') {
      tokens.push({ kind: 'punct', text: two === '<>' ? '!=' : two, pos: i });
      i += 2;
      continue;
    }
    if ('(),=<>'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, pos: i });
      i += 1;
      continue;
    }
    const dt = DATETIME_LITERAL.exec(rest);
    if (dt) {
      const value = parseDateTime(dt[0]);
      if (value === undefined) throw new SoqlError('MALFORMED_QUERY', `line 1:${i} no viable alternative at character '${dt[0]}'`, i);
      tokens.push({ kind: 'literal', literal: { kind: 'datetime', value, text: dt[0] }, pos: i, text: dt[0] });
      i += dt[0].length;
      continue;
    }
    const date = DATE_LITERAL.exec(rest);
    if (date) {
      tokens.push({ kind: 'literal', literal: { kind: 'date', text: date[0] }, pos: i, text: date[0] });
      i += date[0].length;
      continue;
    }
    const num = NUMBER_LITERAL.exec(rest);
    if (num) {
      tokens.push({ kind: 'literal', literal: { kind: 'number', value: Number(num[0]) }, pos: i, text: num[0] });
      i += num[0].length;
      continue;
    }
    const word = WORD.exec(rest);
    if (word) {
      tokens.push({ kind: 'word', text: word[0], pos: i });
      i += word[0].length;
      continue;
    }
    throw new SoqlError('MALFORMED_QUERY', `line 1:${i} no viable alternative at character '${c}'`, i);
  }
  tokens.push({ kind: 'eof', pos: text.length, text: '<EOF>' });
  return tokens;
}

class Parser {
  private readonly tokens: Token[];
  private index = 0;

  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  private peek(): Token {
    return this.tokens[this.index] ?? this.tokens[this.tokens.length - 1]!;
  }

  private next(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index += 1;
    return token;
  }

  private isKeyword(word: string, token = this.peek()): boolean {
    return token.kind === 'word' && token.text.toUpperCase() === word;
  }

  private acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.next();
    return true;
  }

  private unexpected(token = this.peek()): SoqlError {
    return new SoqlError('MALFORMED_QUERY', `unexpected token: ${token.kind === 'eof' ? '<EOF>' : `'${token.text}'`}`, token.pos);
  }

  private expectKeyword(word: string): void {
    if (!this.acceptKeyword(word)) throw this.unexpected();
  }

  private expectPunct(text: string): void {
    const token = this.peek();
    if (token.kind !== 'punct' || token.text !== text) throw this.unexpected();
    this.next();
  }

  private field(): FieldPath {
    const token = this.peek();
    if (token.kind !== 'word' || KEYWORDS.has(token.text.toUpperCase())) throw this.unexpected();
    this.next();
    return { segments: token.text.split('.'), text: token.text, pos: token.pos };
  }

  parse(text: string): SelectQuery {
    this.expectKeyword('SELECT');
    let fields: FieldPath[] | 'count';
    if (this.isKeyword('COUNT') && this.tokens[this.index + 1]?.text === '(') {
      this.next();
      this.expectPunct('(');
      this.expectPunct(')');
      fields = 'count';
    } else {
      fields = [this.field()];
      while (this.peek().text === ',') {
        this.next();
        fields.push(this.field());
      }
    }
    this.expectKeyword('FROM');
    const fromToken = this.peek();
    if (fromToken.kind !== 'word' || KEYWORDS.has(fromToken.text.toUpperCase())) throw this.unexpected();
    this.next();

    let where: Condition | undefined;
    if (this.acceptKeyword('WHERE')) where = this.condition();
    const orderBy: OrderItem[] = [];
    if (this.acceptKeyword('ORDER')) {
      this.expectKeyword('BY');
      do {
        if (orderBy.length > 0) this.next();
        const field = this.field();
        const descending = this.acceptKeyword('DESC');
        if (!descending) this.acceptKeyword('ASC');
        let nullsLast = false;
        if (this.acceptKeyword('NULLS')) {
          if (this.acceptKeyword('LAST')) nullsLast = true;
          else this.expectKeyword('FIRST');
        }
        orderBy.push({ field, descending, nullsLast });
      } while (this.peek().text === ',');
    }
    const limit = this.acceptKeyword('LIMIT') ? this.integer() : undefined;
    const offset = this.acceptKeyword('OFFSET') ? this.integer() : undefined;
    if (this.peek().kind !== 'eof') throw this.unexpected();
    return {
      text,
      fields,
      from: fromToken.text,
      fromPos: fromToken.pos,
      orderBy,
      ...(where ? { where } : {}),
      ...(limit !== undefined ? { limit } : {}),
      ...(offset !== undefined ? { offset } : {}),
    };
  }

  private integer(): number {
    const token = this.peek();
    if (token.kind !== 'literal' || token.literal.kind !== 'number' || !Number.isInteger(token.literal.value) || token.literal.value < 0) {
      throw this.unexpected();
    }
    this.next();
    return token.literal.value;
  }

  /** One level of AND or OR; mixing them without parentheses is a SOQL syntax error. */
  private condition(): Condition {
    const first = this.unary();
    const joiner = this.isKeyword('AND') ? 'AND' : this.isKeyword('OR') ? 'OR' : undefined;
    if (!joiner) return first;
    const parts = [first];
    while (this.acceptKeyword(joiner)) parts.push(this.unary());
    const other = joiner === 'AND' ? 'OR' : 'AND';
    if (this.isKeyword(other)) throw this.unexpected();
    return { kind: joiner === 'AND' ? 'and' : 'or', parts };
  }

  private unary(): Condition {
    if (this.acceptKeyword('NOT')) return { kind: 'not', inner: this.unary() };
    if (this.peek().text === '(' && this.peek().kind === 'punct') {
      this.next();
      const inner = this.condition();
      this.expectPunct(')');
      return inner;
    }
    return this.comparison();
  }

  private comparison(): Condition {
    const field = this.field();
    const opToken = this.peek();
    if (this.isKeyword('NOT') || this.isKeyword('IN')) {
      const negated = this.acceptKeyword('NOT');
      this.expectKeyword('IN');
      this.expectPunct('(');
      const values = [this.literal()];
      while (this.peek().text === ',') {
        this.next();
        values.push(this.literal());
      }
      this.expectPunct(')');
      return { kind: 'in', field, negated, values, pos: opToken.pos };
    }
    let op: CompareOp;
    if (this.acceptKeyword('LIKE')) {
      op = 'LIKE';
    } else if (opToken.kind === 'punct' && ['=', '!=', '<', '<=', '>', '>='].includes(opToken.text)) {
      this.next();
      op = opToken.text as CompareOp;
    } else {
      throw this.unexpected();
    }
    return { kind: 'compare', field, op, value: this.literal(), pos: opToken.pos };
  }

  private literal(): Literal {
    const token = this.peek();
    if (token.kind === 'literal') {
      this.next();
      return token.literal;
    }
    if (this.acceptKeyword('NULL')) return { kind: 'null' };
    if (this.acceptKeyword('TRUE')) return { kind: 'boolean', value: true };
    if (this.acceptKeyword('FALSE')) return { kind: 'boolean', value: false };
    throw this.unexpected();
  }
}

export function parseSoql(text: string): SelectQuery {
  return new Parser(tokenize(text)).parse(text);
}
