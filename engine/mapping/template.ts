// "{$.path}" interpolation inside strings; "\{" writes a literal brace.

export type TemplatePart = string | { path: string };

const cache = new Map<string, TemplatePart[] | null>();

/**
 * Split a string into literal text and `{$…}` references. Returns null for plain text
 * (no reference and no escape), which is the common case and stays a shared constant.
 */
export function parseTemplate(text: string): TemplatePart[] | null {
  if (!text.includes('{')) return null;
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const parts = split(text);
  if (cache.size > 10_000) cache.clear();
  cache.set(text, parts);
  return parts;
}

function split(text: string): TemplatePart[] | null {
  const parts: TemplatePart[] = [];
  let literal = '';
  let dynamic = false;
  // Once a `{$` finds no closing brace, no later one is looked for: each search runs to the
  // end of the text, and repeating it per `{$` took 18 s on 80 KB of "{${${$…".
  let closable = true;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\' && text[i + 1] === '{') {
      literal += '{';
      dynamic = true;
      i += 2;
      continue;
    }
    if (closable && ch === '{' && text[i + 1] === '$') {
      const end = closingBrace(text, i + 1);
      if (end < 0) closable = false;
      else {
        if (literal) parts.push(literal);
        literal = '';
        parts.push({ path: text.slice(i + 1, end) });
        dynamic = true;
        i = end + 1;
        continue;
      }
    }
    literal += ch;
    i++;
  }
  if (literal) parts.push(literal);
  return dynamic ? parts : null;
}

/** Index of the `}` closing a reference, skipping brackets and quoted names inside the path. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '(') depth++;
    else if (ch === ']' || ch === ')') depth--;
    else if (ch === '}' && depth <= 0) return i;
  }
  return -1;
}
