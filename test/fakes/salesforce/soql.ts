// The SOQL subset the fake Salesforce understands: what the connector and the sync send.
// SELECT f1, Rel.f2 FROM Obj [WHERE cond] [ORDER BY f [ASC|DESC] [NULLS FIRST|LAST], ...] [LIMIT n]
// cond: comparisons (= != <> < <= > >= LIKE), IN / NOT IN (...), AND, OR, NOT, parentheses.
// Literals: 'text' (backslash escapes), numbers, true/false/null, unquoted dates and
// datetimes, LAST_N_DAYS:n. Anything else is a MALFORMED_QUERY, as in the real service.

export type Literal =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'null' }
  | { type: 'date'; value: string }
  | { type: 'datetime'; value: number }
  | { type: 'last_n_days'; value: number };

export type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; cond: Condition }
  | {
      kind: 'cmp';
      field: string;
      op: '=' | '!=' | '<' | '<=' | '>' | '>=' | 'like';
      value: Literal;
    }
  | { kind: 'in'; field: string; negate: boolean; values: Literal[] };

export interface SoqlQuery {
  fields: string[];
  object: string;
  where?: Condition;
  orderBy: { field: string; desc: boolean; nullsLast: boolean }[];
  limit?: number;
}

export class SoqlError extends Error {}

interface Token {
  kind: 'word' | 'string' | 'number' | 'date' | 'datetime' | 'op' | 'punct';
  text: string;
  pos: number;
}

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\dT])/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    let m: RegExpMatchArray | null;
    if ((m = rest.match(DATETIME))) {
      tokens.push({ kind: 'datetime', text: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    if ((m = rest.match(DATE))) {
      tokens.push({ kind: 'date', text: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    if ((m = rest.match(/^-?\d+(\.\d+)?/))) {
      tokens.push({ kind: 'number', text: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    if ((m = rest.match(/^[A-Za-z_][A-Za-z0-9_.]*(:\d+)?/))) {
      tokens.push({ kind: 'word', text: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    if (ch === "'") {
      let value = '';
      let j = i + 1;
      for (; j < text.length && text[j] !== "'"; j++) {
        if (text[j] === '\\') {
          j++;
          value += ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[text[j]] ?? text[j];
        } else value += text[j];
      }
      if (j >= text.length) throw new SoqlError(`unterminated string at column ${i + 1}`);
      tokens.push({ kind: 'string', text: value, pos: i });
      i = j + 1;
      continue;
    }
    if ((m = rest.match(/^(<=|>=|!=|<>|=|<|>)/))) {
      tokens.push({ kind: 'op', text: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    if ('(),'.includes(ch)) {
      tokens.push({ kind: 'punct', text: ch, pos: i });
      i++;
      continue;
    }
    throw new SoqlError(`unexpected token: '${ch}' at column ${i + 1}`);
  }
  return tokens;
}

export function parseSoql(text: string): SoqlQuery {
  const tokens = tokenize(text);
  let p = 0;
  const peek = () => tokens[p];
  const isWord = (w: string, t = peek()) => t?.kind === 'word' && t.text.toUpperCase() === w;
  const fail = (what: string): never => {
    const t = peek();
    throw new SoqlError(
      t
        ? `unexpected token: '${t.text}' at column ${t.pos + 1}, expected ${what}`
        : `unexpected end of query, expected ${what}`,
    );
  };
  const expectWord = (w: string) => {
    if (!isWord(w)) fail(w);
    p++;
  };
  const field = (): string => {
    const t = peek();
    if (t?.kind !== 'word') fail('a field name');
    p++;
    return t.text;
  };

  expectWord('SELECT');
  const fields = [field()];
  while (peek()?.text === ',') {
    p++;
    fields.push(field());
  }
  expectWord('FROM');
  const object = field();
  const query: SoqlQuery = { fields, object, orderBy: [] };

  const literal = (): Literal => {
    const t = peek();
    if (!t) return fail('a value');
    p++;
    if (t.kind === 'string') return { type: 'string', value: t.text };
    if (t.kind === 'number') return { type: 'number', value: Number(t.text) };
    if (t.kind === 'date') return { type: 'date', value: t.text };
    if (t.kind === 'datetime')
      return {
        type: 'datetime',
        value: Date.parse(t.text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')),
      };
    if (t.kind === 'word') {
      const up = t.text.toUpperCase();
      if (up === 'TRUE' || up === 'FALSE') return { type: 'boolean', value: up === 'TRUE' };
      if (up === 'NULL') return { type: 'null' };
      const n = up.match(/^LAST_N_DAYS:(\d+)$/);
      if (n) return { type: 'last_n_days', value: Number(n[1]) };
    }
    p--;
    return fail('a value');
  };

  const primary = (): Condition => {
    if (peek()?.text === '(') {
      p++;
      const inner = orExpr();
      if (peek()?.text !== ')') fail("')'");
      p++;
      return inner;
    }
    if (isWord('NOT')) {
      p++;
      return { kind: 'not', cond: primary() };
    }
    const f = field();
    let negate = false;
    if (isWord('NOT')) {
      p++;
      negate = true;
      if (!isWord('IN')) fail('IN');
    }
    if (isWord('IN')) {
      p++;
      if (peek()?.text !== '(') fail("'('");
      p++;
      const values = [literal()];
      while (peek()?.text === ',') {
        p++;
        values.push(literal());
      }
      if (peek()?.text !== ')') fail("')'");
      p++;
      return { kind: 'in', field: f, negate, values };
    }
    if (isWord('LIKE')) {
      p++;
      return { kind: 'cmp', field: f, op: 'like', value: literal() };
    }
    const op = peek();
    if (op?.kind !== 'op') return fail('a comparison operator');
    p++;
    const normalized = op.text === '<>' ? '!=' : (op.text as '=' | '!=' | '<' | '<=' | '>' | '>=');
    return { kind: 'cmp', field: f, op: normalized, value: literal() };
  };
  const andExpr = (): Condition => {
    let left = primary();
    while (isWord('AND')) {
      p++;
      left = { kind: 'and', left, right: primary() };
    }
    return left;
  };
  function orExpr(): Condition {
    let left = andExpr();
    while (isWord('OR')) {
      p++;
      left = { kind: 'or', left, right: andExpr() };
    }
    return left;
  }

  if (isWord('WHERE')) {
    p++;
    query.where = orExpr();
  }
  if (isWord('ORDER')) {
    p++;
    expectWord('BY');
    do {
      if (peek()?.text === ',') p++;
      const f = field();
      let desc = false;
      if (isWord('ASC')) p++;
      else if (isWord('DESC')) {
        p++;
        desc = true;
      }
      let nullsLast = desc;
      if (isWord('NULLS')) {
        p++;
        if (isWord('FIRST')) nullsLast = false;
        else if (isWord('LAST')) nullsLast = true;
        else fail('FIRST or LAST');
        p++;
      }
      query.orderBy.push({ field: f, desc, nullsLast });
    } while (peek()?.text === ',');
  }
  if (isWord('LIMIT')) {
    p++;
    const t = peek();
    if (t?.kind !== 'number') fail('a number');
    p++;
    query.limit = Number(t.text);
  }
  if (p < tokens.length) fail('the end of the query');
  return query;
}
