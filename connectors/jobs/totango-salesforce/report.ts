// A sync run's output: counts and one item per record touched, so the debug panel shows
// what happened to each and why.
import { z } from 'zod';
import { limitInfo } from '../../salesforce/index.js';

export const syncAction = z.enum(['created', 'updated', 'deleted', 'skipped', 'failed']);
export type SyncAction = z.output<typeof syncAction>;

export const syncItem = z.object({
  action: syncAction,
  sourceId: z.string().meta({ description: 'The record id on the side the job reads from.' }),
  targetId: z
    .string()
    .nullable()
    .meta({ description: 'The record id on the side the job writes to, when there is one.' }),
  reason: z.string().optional(),
  fields: z
    .array(z.string())
    .optional()
    .meta({ description: 'For an update: the fields that changed.' }),
});
export type SyncItem = z.output<typeof syncItem>;

export const syncOutput = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  deleted: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  items: z.array(syncItem),
  fullSync: z
    .boolean()
    .meta({ description: 'True when this run ignored the cursor (asked for, or the first run).' }),
  limitInfo,
});
export type SyncOutput = z.output<typeof syncOutput>;

export class SyncReport {
  readonly items: SyncItem[] = [];

  add(
    action: SyncAction,
    sourceId: string,
    targetId: string | null,
    extra: { reason?: string; fields?: string[] } = {},
  ): void {
    this.items.push({
      action,
      sourceId,
      targetId,
      ...(extra.reason ? { reason: extra.reason } : {}),
      ...(extra.fields ? { fields: extra.fields } : {}),
    });
  }

  /** One line for the server log: the counts. */
  summary(): string {
    const o = this.output(false, undefined);
    return `${o.created} created, ${o.updated} updated, ${o.deleted} deleted, ${o.skipped} skipped, ${o.failed} failed`;
  }

  output(fullSync: boolean, limit: { used: number; max: number } | undefined): SyncOutput {
    const count = (a: SyncAction) => this.items.filter((i) => i.action === a).length;
    return {
      created: count('created'),
      updated: count('updated'),
      deleted: count('deleted'),
      skipped: count('skipped'),
      failed: count('failed'),
      items: this.items,
      fullSync,
      limitInfo: limit,
    };
  }
}
