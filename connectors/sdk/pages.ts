// Following pages of a list. Two shapes cover our services: offset/count (Totango search,
// anything with `offset` and `limit`) and a cursor (Slack `next_cursor`, Salesforce `nextRecordsUrl`).

export interface OffsetPage<T> {
  items: T[];
  /** The total the service reports, when it does. */
  total?: number;
}

/**
 * Fetch pages from `start` in steps of `count` until a short page, `total`, or `max` items.
 * `step` is how the page position advances: 'records' (offset += count) or 'pages' (offset += 1).
 */
export async function followOffsetPages<T>(opts: {
  start?: number;
  count: number;
  max?: number;
  step?: 'records' | 'pages';
  fetchPage: (offset: number, count: number) => Promise<OffsetPage<T>>;
}): Promise<{ items: T[]; total: number | undefined }> {
  const max = opts.max ?? Number.POSITIVE_INFINITY;
  const items: T[] = [];
  let offset = opts.start ?? 0;
  let total: number | undefined;
  for (;;) {
    const page = await opts.fetchPage(offset, opts.count);
    total = page.total ?? total;
    items.push(...page.items);
    const reachedTotal =
      total !== undefined &&
      (opts.step === 'pages'
        ? items.length >= total - (opts.start ?? 0) * opts.count
        : offset + page.items.length >= total);
    if (
      page.items.length < opts.count ||
      page.items.length === 0 ||
      reachedTotal ||
      items.length >= max
    )
      break;
    offset += opts.step === 'pages' ? 1 : opts.count;
  }
  return { items: items.slice(0, max), total };
}

export interface CursorPage<T> {
  items: T[];
  /** Absent or empty when there is no next page. */
  next?: string | null;
}

/** Fetch pages while the service hands back a next cursor, up to `max` items. */
export async function followCursorPages<T>(opts: {
  max?: number;
  fetchPage: (cursor: string | undefined) => Promise<CursorPage<T>>;
}): Promise<T[]> {
  const max = opts.max ?? Number.POSITIVE_INFINITY;
  const items: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    const page = await opts.fetchPage(cursor);
    items.push(...page.items);
    const next = page.next ?? undefined;
    // A service that repeats a cursor would loop forever; stop instead.
    if (!next || seen.has(next) || items.length >= max) break;
    seen.add(next);
    cursor = next;
  }
  return items.slice(0, max);
}
