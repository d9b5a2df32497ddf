// A sync run's output: counts and one item per record touched, so the debug panel shows
// what happened to each and why. Records whose account is not matched on the other side are
// listed apart (`unmatched`, counted in `skippedUnmatched`) and not in the totals, as the seed
// says Totango does. A preview lists the first PREVIEW_ITEMS items with the values that would
// be written, and writes nothing.
import { z } from 'zod';
import { limitInfo } from '../../salesforce/index.js';

/** How many items a preview answers (the seed's "Load Preview"). */
export const PREVIEW_ITEMS = 20;

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
  values: z
    .record(z.string(), z.unknown())
    .optional()
    .meta({ description: 'In a preview: the field values that would be written.' }),
});
export type SyncItem = z.output<typeof syncItem>;

export const unmatchedItem = z.object({
  sourceId: z.string(),
  accountId: z.string().nullable().meta({ description: 'The account the record names, if any.' }),
  reason: z.string(),
});
export type UnmatchedItem = z.output<typeof unmatchedItem>;

export const syncOutput = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  deleted: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  skippedUnmatched: z.number().int().meta({
    description:
      'Records skipped because their account is not matched on the other side; not in the totals above.',
  }),
  items: z.array(syncItem),
  unmatched: z.array(unmatchedItem),
  preview: z.boolean().meta({
    description: `True when nothing was written: the counts say what a run would do, items the first ${PREVIEW_ITEMS}.`,
  }),
  fullSync: z
    .boolean()
    .meta({ description: 'True when this run ignored the cursor (asked for, or the first run).' }),
  limitInfo,
});
export type SyncOutput = z.output<typeof syncOutput>;

export class SyncReport {
  readonly items: SyncItem[] = [];
  readonly unmatchedItems: UnmatchedItem[] = [];

  constructor(readonly preview = false) {}

  add(
    action: SyncAction,
    sourceId: string,
    targetId: string | null,
    extra: { reason?: string; fields?: string[]; values?: Record<string, unknown> } = {},
  ): void {
    this.items.push({
      action,
      sourceId,
      targetId,
      ...(extra.reason ? { reason: extra.reason } : {}),
      ...(extra.fields ? { fields: extra.fields } : {}),
      ...(this.preview && extra.values ? { values: extra.values } : {}),
    });
  }

  /** A record whose account the other side does not have: reported apart, not counted. */
  unmatched(sourceId: string, accountId: string | null, reason: string): void {
    this.unmatchedItems.push({ sourceId, accountId, reason });
  }

  /** One line for the server log: the counts. */
  summary(): string {
    const o = this.output(false, undefined);
    return `${o.created} created, ${o.updated} updated, ${o.deleted} deleted, ${o.skipped} skipped, ${o.failed} failed, ${o.skippedUnmatched} unmatched`;
  }

  output(fullSync: boolean, limit: { used: number; max: number } | undefined): SyncOutput {
    const count = (a: SyncAction) => this.items.filter((i) => i.action === a).length;
    const shown = <T>(list: T[]) => (this.preview ? list.slice(0, PREVIEW_ITEMS) : list);
    return {
      created: count('created'),
      updated: count('updated'),
      deleted: count('deleted'),
      skipped: count('skipped'),
      failed: count('failed'),
      skippedUnmatched: this.unmatchedItems.length,
      items: shown(this.items),
      unmatched: shown(this.unmatchedItems),
      preview: this.preview,
      fullSync,
      limitInfo: limit,
    };
  }
}
