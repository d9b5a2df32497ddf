// Accounts and users search for the fake Totango (api-reference §1.3): terms filter, positional
// selected_fields, sort, record offset paging, and the 10,000-record ceiling.
import type { FakeAccount, FakeTotangoState, FakeUser } from './state.js';

export const CEILING = 10_000;

type Term = Record<string, unknown>;
export type Entity = (FakeAccount | FakeUser) & { kind: 'accounts' | 'users' };

export class QueryError extends Error {}

function builtIn(e: Entity, term: string): unknown {
  switch (term) {
    case 'identifier':
    case 'name':
    case 'account_id':
      return e.id;
    case 'display_name':
    case 'search_name':
      return e.display_name;
    default:
      return (e as unknown as Record<string, unknown>)[term] ?? e.attributes[term];
  }
}

function termValue(e: Entity, t: Term): unknown {
  if (
    t.type === 'string_attribute' ||
    t.type === 'number_attribute' ||
    t.type === 'simple_date_attribute'
  )
    return e.attributes[String(t.attribute)];
  return builtIn(e, String(t.term));
}

export function matches(e: Entity, t: Term): boolean {
  if (t.type === 'or' && Array.isArray(t.or)) return (t.or as Term[]).some((x) => matches(e, x));
  const v = termValue(e, t);
  if (Array.isArray(t.in_list)) return t.in_list.map(String).includes(String(v));
  if (typeof t.contains === 'string')
    return String(v ?? '')
      .toLowerCase()
      .includes(t.contains.toLowerCase());
  if (t.eq !== undefined) return String(v) === String(t.eq);
  if (typeof t.gte === 'number' && !(Number(v) >= t.gte)) return false;
  if (typeof t.lte === 'number' && !(Number(v) <= t.lte)) return false;
  return true;
}

export function checkQuery(q: unknown, kind: 'search' | 'events'): Record<string, unknown> {
  if (!q || typeof q !== 'object' || Array.isArray(q))
    throw new QueryError('Invalid query: not a JSON object');
  const query = q as Record<string, unknown>;
  if (!Array.isArray(query.fields)) throw new QueryError('Invalid query: fields is required');
  if (kind === 'events' && query.count === undefined)
    throw new QueryError('Invalid query: count is required');
  const count = query.count ?? 1000;
  if (typeof count !== 'number' || count < 1 || count > 1000)
    throw new QueryError('Invalid query: count must be between 1 and 1000');
  const offset = query.offset ?? 0;
  if (typeof offset !== 'number' || offset < 0)
    throw new QueryError('Invalid query: offset must be 0 or more');
  return query;
}

function hitOf(e: Entity, fields: Term[]): Record<string, unknown> {
  const selected = fields.map((f) => termValue(e, f) ?? null);
  if (e.kind === 'accounts') {
    const a = e as FakeAccount;
    return {
      name: a.id,
      display_name: a.display_name,
      last_activity_time: a.last_activity_time ?? null,
      selected_fields: selected,
    };
  }
  const u = e as FakeUser;
  return {
    name: u.id,
    display_name: u.display_name,
    first_activity_time: u.first_activity_time ?? null,
    last_activity_time: u.last_activity_time ?? null,
    account: { name: u.account_id },
    selected_fields: selected,
  };
}

export function search(
  state: FakeTotangoState,
  kind: 'accounts' | 'users',
  query: Record<string, unknown>,
): { total_hits: number; hits: Record<string, unknown>[] } {
  const terms = query.terms as Term[];
  const list: Entity[] = (kind === 'accounts' ? state.accounts : state.users).map((e) => ({
    ...e,
    kind,
  }));
  const found = list.filter((e) => terms.every((t) => matches(e, t)));
  const sortBy = typeof query.sort_by === 'string' ? query.sort_by : 'display_name';
  const dir = query.sort_order === 'DESC' ? -1 : 1;
  found.sort(
    (a, b) =>
      dir * String(builtIn(a, sortBy) ?? '').localeCompare(String(builtIn(b, sortBy) ?? '')),
  );
  const offset = (query.offset as number | undefined) ?? 0;
  const count = (query.count as number | undefined) ?? 1000;
  // Nothing past the 10,000th record is reachable, whatever the offset (the service's hard cap).
  const end = Math.min(offset + count, CEILING);
  const page = offset >= CEILING ? [] : found.slice(offset, end);
  return { total_hits: found.length, hits: page.map((e) => hitOf(e, query.fields as Term[])) };
}
