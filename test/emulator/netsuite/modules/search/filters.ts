/** Search filters: Filter objects, [name, operator, values] arrays and filter expressions, parsed into one tree. */
import { str } from '../../text';
import { nsError } from '../../errors';

export const Operator = {
  AFTER: 'after', ALLOF: 'allof', ANY: 'any', ANYOF: 'anyof', BEFORE: 'before', BETWEEN: 'between', CONTAINS: 'contains',
  DOESNOTCONTAIN: 'doesnotcontain', DOESNOTSTARTWITH: 'doesnotstartwith', EQUALTO: 'equalto', GREATERTHAN: 'greaterthan',
  GREATERTHANOREQUALTO: 'greaterthanorequalto', HASKEYWORDS: 'haskeywords', IS: 'is', ISEMPTY: 'isempty', ISNOT: 'isnot',
  ISNOTEMPTY: 'isnotempty', LESSTHAN: 'lessthan', LESSTHANOREQUALTO: 'lessthanorequalto', NONEOF: 'noneof', NOTAFTER: 'notafter',
  NOTALLOF: 'notallof', NOTBEFORE: 'notbefore', NOTBETWEEN: 'notbetween', NOTEQUALTO: 'notequalto', NOTGREATERTHAN: 'notgreaterthan',
  NOTGREATERTHANOREQUALTO: 'notgreaterthanorequalto', NOTLESSTHAN: 'notlessthan', NOTLESSTHANOREQUALTO: 'notlessthanorequalto',
  NOTON: 'noton', NOTONORAFTER: 'notonorafter', NOTONORBEFORE: 'notonorbefore', NOTWITHIN: 'notwithin', ON: 'on',
  ONORAFTER: 'onorafter', ONORBEFORE: 'onorbefore', STARTSWITH: 'startswith', WITHIN: 'within',
} as const;

export const OPERATORS = new Set<string>(Object.values(Operator));

export class Filter {
  name: string;
  join: string | undefined;
  operator: string;
  values: unknown[];
  formula: string | undefined;
  summary: string | undefined;
  constructor(name: string, join: string | undefined, operator: string, values: unknown[], formula: string | undefined, summary: string | undefined) {
    this.name = name;
    this.join = join;
    this.operator = operator;
    this.values = values;
    this.formula = formula;
    this.summary = summary;
  }
  toJSON(): Record<string, unknown> {
    return { name: this.name, join: this.join, operator: this.operator, values: this.values, formula: this.formula, summary: this.summary };
  }
}

export type Node =
  | { kind: 'cond'; name: string; join: string | undefined; operator: string; values: unknown[] }
  | { kind: 'and' | 'or'; items: Node[] }
  | { kind: 'not'; item: Node };


export const invalidFilter = (name: string) => nsError('SSS_INVALID_SRCH_FILTER', `An nlobjSearchFilter contains invalid search criteria: ${name}.`);
export const invalidOperator = (op: string) => nsError('SSS_INVALID_SRCH_OPERATOR', `An nlobjSearchFilter contains an invalid operator, or is not in proper syntax: ${op}.`);
export const invalidExpression = (detail: string) => nsError('SSS_INVALID_SRCH_FILTER_EXPR', `Invalid search filter expression: ${detail}`);

/** `customer.email` or name + join → lower-case name and join. */
export function splitJoin(name: string, join?: string): { name: string; join: string | undefined } {
  if (join) return { name: name.toLowerCase(), join: join.toLowerCase() };
  const dot = name.indexOf('.');
  if (dot > 0 && !name.toLowerCase().startsWith('formula')) return { join: name.slice(0, dot).toLowerCase(), name: name.slice(dot + 1).toLowerCase() };
  return { name: name.toLowerCase(), join: undefined };
}

export function flat(values: unknown): unknown[] {
  if (values === undefined || values === null) return [];
  return Array.isArray(values) ? (values as unknown[]).flat() : [values];
}

function isConditionArray(arr: unknown[]): boolean {
  return typeof arr[0] === 'string' && !['AND', 'OR', 'NOT'].includes(arr[0].toUpperCase()) && typeof arr[1] === 'string' && OPERATORS.has(arr[1].toLowerCase());
}

function condFromArray(arr: unknown[]): Node {
  const { name, join } = splitJoin(str(arr[0]));
  const operator = str(arr[1]).toLowerCase();
  if (!OPERATORS.has(operator)) throw invalidOperator(operator);
  return { kind: 'cond', name, join, operator, values: flat(arr.slice(2)) };
}

export function parseExpression(expr: unknown[]): Node {
  if (isConditionArray(expr)) return condFromArray(expr);
  const operands: Node[] = [];
  const ops: string[] = [];
  let negate = false;
  for (const item of expr) {
    if (typeof item === 'string') {
      const word = item.toUpperCase();
      if (word === 'NOT') {
        negate = !negate;
        continue;
      }
      if (word !== 'AND' && word !== 'OR') throw invalidExpression(item);
      if (operands.length !== ops.length + 1) throw invalidExpression(`misplaced ${word}`);
      ops.push(word);
      continue;
    }
    let node: Node;
    if (item instanceof Filter) node = { kind: 'cond', name: item.name, join: item.join, operator: item.operator, values: item.values };
    else if (Array.isArray(item)) node = parseExpression(item as unknown[]);
    else throw invalidExpression(JSON.stringify(item));
    if (negate) node = { kind: 'not', item: node };
    negate = false;
    if (operands.length !== ops.length) throw invalidExpression('two terms without AND/OR');
    operands.push(node);
  }
  if (operands.length === 0) return { kind: 'and', items: [] };
  if (operands.length !== ops.length + 1) throw invalidExpression('dangling operator');
  // AND binds tighter than OR.
  const groups: Node[][] = [[operands[0]!]];
  ops.forEach((op, i) => {
    if (op === 'OR') groups.push([operands[i + 1]!]);
    else groups[groups.length - 1]!.push(operands[i + 1]!);
  });
  const ands = groups.map((g) => (g.length === 1 ? g[0]! : { kind: 'and' as const, items: g }));
  return ands.length === 1 ? ands[0]! : { kind: 'or', items: ands };
}

/** `filters` may be Filter objects, [name, op, values] arrays, or a whole filter expression. */
export function parseFilters(filters: unknown): Node {
  if (filters === undefined || filters === null) return { kind: 'and', items: [] };
  if (filters instanceof Filter) return parseFilters([filters]);
  if (!Array.isArray(filters)) throw invalidExpression('filters must be an array');
  const list = filters as unknown[];
  if (list.length === 0) return { kind: 'and', items: [] };
  const looksLikeExpression = isConditionArray(list) || list.some((f) => typeof f === 'string');
  if (looksLikeExpression) return parseExpression(list);
  return {
    kind: 'and',
    items: list.map((f) => {
      if (f instanceof Filter) return { kind: 'cond' as const, name: f.name, join: f.join, operator: f.operator, values: f.values };
      if (Array.isArray(f)) return parseExpression(f as unknown[]);
      throw invalidExpression(JSON.stringify(f));
    }),
  };
}
