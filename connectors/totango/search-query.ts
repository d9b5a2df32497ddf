// Totango search queries: read the query as a person pastes it from "Generate API endpoint",
// check it before sending (a query without `terms` gets a misleading 401 from Totango), and
// run it, following pages up to the service's 10,000-record ceiling.
import { StepError } from '../../engine/errors/step-error.js';
import { followOffsetPages } from '../sdk/pages.js';
import type { HttpClient, StepLoggerLike } from './types.js';
import { checkEnvelope } from './envelope.js';

/** Totango serves at most this many records of one search (offset + count). */
export const SEARCH_CEILING = 10_000;
export const MAX_COUNT = 1000;

export type SearchQuery = Record<string, unknown> & {
  terms: unknown[];
  fields: unknown[];
  count?: number;
  offset?: number;
};

function invalid(message: string): never {
  throw new StepError('INPUT_INVALID', `Input "query": ${message}`, {
    details: { field: 'query' },
  });
}

/** Accept an object, JSON text, or the form text `query=%7B…%7D`. */
export function parseSearchQuery(raw: unknown): SearchQuery {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    let text = raw.trim();
    if (/^query=/i.test(text)) text = new URLSearchParams(text).get('query') ?? '';
    else if (/^%7B/i.test(text)) text = decodeURIComponent(text);
    try {
      value = JSON.parse(text);
    } catch (err) {
      invalid(
        `this is not valid JSON (${(err as Error).message}). Paste the query exactly as Totango's "Generate API endpoint" shows it.`,
      );
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    invalid(
      'the search query must be a JSON object such as {"terms": [], "fields": [], "count": 100, "offset": 0}.',
    );
  const q = { ...(value as Record<string, unknown>) };
  if (!Array.isArray(q.terms)) {
    invalid(
      'the query has no "terms" array. Totango requires one ("terms": [] matches everything) and answers a query without it with a misleading 401 error.',
    );
  }
  if (q.fields === undefined) q.fields = [];
  if (!Array.isArray(q.fields)) invalid('"fields" must be an array (it may be empty).');
  for (const key of ['count', 'offset'] as const) {
    const v = q[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 0))
      invalid(`"${key}" must be a whole number of 0 or more, not ${JSON.stringify(v)}.`);
  }
  if (typeof q.count === 'number' && (q.count < 1 || q.count > MAX_COUNT))
    invalid(
      `"count" must be between 1 and ${MAX_COUNT} (Totango's page size limit), not ${q.count}.`,
    );
  return q as SearchQuery;
}

export interface SearchResult {
  total_hits: number;
  hits: Record<string, unknown>[];
}

async function searchOnce(
  http: HttpClient,
  data: 'accounts' | 'users',
  query: SearchQuery,
): Promise<SearchResult> {
  const res = await http.request({
    method: 'POST',
    url: `/api/v1/search/${data}`,
    form: { query: JSON.stringify(query) },
  });
  const env = checkEnvelope(res, `the ${data} search`);
  const part = (env.response?.[data] ?? {}) as { total_hits?: unknown; hits?: unknown };
  return {
    total_hits: typeof part.total_hits === 'number' ? part.total_hits : 0,
    hits: Array.isArray(part.hits) ? (part.hits as Record<string, unknown>[]) : [],
  };
}

export async function runSearch(
  http: HttpClient,
  data: 'accounts' | 'users',
  query: SearchQuery,
  allPages: boolean,
  log: StepLoggerLike,
): Promise<SearchResult> {
  if (!allPages) return searchOnce(http, data, query);
  const count = query.count ?? MAX_COUNT;
  const start = query.offset ?? 0;
  let total = 0;
  const { items } = await followOffsetPages<Record<string, unknown>>({
    start,
    count,
    max: Math.max(0, SEARCH_CEILING - start),
    fetchPage: async (offset, size) => {
      const page = await searchOnce(http, data, {
        ...query,
        offset,
        count: Math.min(size, SEARCH_CEILING - offset),
      });
      total = page.total_hits;
      return { items: page.hits, total: Math.min(page.total_hits, SEARCH_CEILING) };
    },
  });
  if (total > SEARCH_CEILING) {
    log(
      'warn',
      `Totango found ${total} ${data} but serves only the first ${SEARCH_CEILING} of a search; narrow the terms or split the search to reach the rest.`,
      { total_hits: total },
    );
  }
  return { total_hits: total, hits: items };
}
