// sObject Collections: create, update or delete any number of records, 200 per call, with one result
// per record in input order. Per-record errors keep Salesforce's code (statusCode there,
// errorCode here, like every other Salesforce error in Stepwise) and fields.
import { z } from 'zod';
import { chunks, limitInfo } from './common.js';
import { errorItems } from './errors.js';
import type { SalesforceSession } from './session.js';

export const COLLECTION_SIZE = 200;

export const collectionResult = z.object({
  id: z.string().nullable(),
  success: z.boolean(),
  errors: z.array(
    z.object({
      errorCode: z.string(),
      message: z.string(),
      fields: z.array(z.string()).optional(),
    }),
  ),
});
export type CollectionResult = z.output<typeof collectionResult>;

/** What "Create many records" and "Update many records" answer. */
export const collectionWriteOutput = z.object({
  results: z.array(collectionResult),
  succeeded: z.number().int(),
  failed: z.number().int(),
  limitInfo,
});

/** Each record's result, how many succeeded and failed, and the API usage Salesforce reported. */
export function collectionWriteSummary(
  results: CollectionResult[],
  sf: SalesforceSession,
): z.input<typeof collectionWriteOutput> {
  return {
    results,
    succeeded: results.filter((r) => r.success).length,
    failed: results.filter((r) => !r.success).length,
    limitInfo: sf.limitInfo,
  };
}

function resultsOf(body: unknown): CollectionResult[] {
  return (body as { id?: string; success: boolean; errors?: unknown[] }[]).map((item) => ({
    id: item.id ?? null,
    success: item.success,
    errors: errorItems(item.errors ?? []),
  }));
}

export async function writeCollection(
  sf: SalesforceSession,
  method: 'POST' | 'PATCH',
  object: string,
  records: Record<string, unknown>[],
  allOrNone: boolean,
): Promise<CollectionResult[]> {
  const results: CollectionResult[] = [];
  for (const chunk of chunks(records, COLLECTION_SIZE)) {
    const res = await sf.data({
      method,
      url: '/composite/sobjects',
      json: { allOrNone, records: chunk.map((r) => ({ attributes: { type: object }, ...r })) },
    });
    results.push(...resultsOf(res.body));
  }
  return results;
}

/** Delete records by id, 200 per call, one result per id in input order. */
export async function deleteCollection(
  sf: SalesforceSession,
  ids: string[],
  allOrNone: boolean,
): Promise<CollectionResult[]> {
  const results: CollectionResult[] = [];
  for (const chunk of chunks(ids, COLLECTION_SIZE)) {
    const res = await sf.data({
      method: 'DELETE',
      url: '/composite/sobjects',
      query: { ids: chunk.join(','), allOrNone: String(allOrNone) },
    });
    results.push(...resultsOf(res.body));
  }
  return results;
}
