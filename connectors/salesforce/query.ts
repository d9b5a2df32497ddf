// Running SOQL and following nextRecordsUrl: shared by soql_query and the sync jobs.
import type { SalesforceSession } from './session.js';

export type SalesforceRecord = Record<string, unknown> & { Id?: string };

export interface QueryResult {
  totalSize: number;
  records: SalesforceRecord[];
  /** False when maxRecords stopped the paging before the end. */
  done: boolean;
}

export async function runSoql(
  sf: SalesforceSession,
  soql: string,
  opts: { includeDeleted?: boolean; maxRecords?: number } = {},
): Promise<QueryResult> {
  const max = opts.maxRecords ?? Number.POSITIVE_INFINITY;
  const records: SalesforceRecord[] = [];
  let res = await sf.data({
    method: 'GET',
    url: opts.includeDeleted ? '/queryAll' : '/query',
    query: { q: soql },
  });
  for (;;) {
    const page = res.body as {
      totalSize: number;
      done: boolean;
      nextRecordsUrl?: string;
      records: SalesforceRecord[];
    };
    records.push(...page.records);
    // Never infer the end from the page size: only `done` / nextRecordsUrl say it.
    if (page.done || !page.nextRecordsUrl || records.length >= max) {
      return {
        totalSize: page.totalSize,
        records: records.slice(0, max),
        done: page.done && records.length <= max,
      };
    }
    res = await sf.data({ method: 'GET', url: page.nextRecordsUrl });
  }
}

/** A SOQL string literal: quotes and backslashes escaped. */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/** A SOQL datetime literal (unquoted, UTC). */
export function soqlDateTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
