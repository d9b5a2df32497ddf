// What every sync job opens first: both sides (from the step's two authentications), the
// conversion context, and the job's cursor in the step's persistent state.
import { z } from 'zod';
import { StepError } from '../../../engine/errors/step-error.js';
import type { OperationContext } from '../../sdk/types.js';
import { type SalesforceAuthFields, openSession } from '../../salesforce/index.js';
import { SalesforceSide } from './salesforce-side.js';
import { TotangoSide } from './totango-side.js';

export interface Sides {
  sf: SalesforceSide;
  tt: TotangoSide;
}

export async function openSides(ctx: OperationContext<unknown, unknown>): Promise<Sides> {
  const sfService = ctx.services.salesforce;
  const ttService = ctx.services.totango;
  if (!sfService || !ttService) {
    throw new StepError(
      'AUTH_MISSING',
      'A sync step needs two authentications: "auth": { "salesforce": "<id>", "totango": "<id>" }.',
    );
  }
  const session = await openSession({
    fields: sfService.auth as SalesforceAuthFields,
    env: ctx.env,
    signal: ctx.signal,
    authId: ctx.authId,
    log: ctx.log,
    onSecret: ctx.secret,
  });
  return { sf: new SalesforceSide(session), tt: new TotangoSide(ttService.http) };
}

const CURSOR_KEY = 'sync_cursor';

export const cursorSchema = z.object({
  /** Inbound: the latest Salesforce SystemModstamp handled (Salesforce's clock, epoch ms). */
  sfWatermark: z.number().optional(),
  /** Inbound: getDeleted has been read up to here (Salesforce's clock). */
  deletedCheckedUntil: z.number().optional(),
  /** Outbound: the latest Totango last_updated handled (Totango's clock). */
  ttWatermark: z.number().optional(),
  /** Outbound: linked Totango records seen (id → lowercase Salesforce id, last_updated), to notice deletions. */
  known: z.record(z.string(), z.object({ sf: z.string(), lastUpdated: z.number() })).default({}),
});
export type Cursor = z.output<typeof cursorSchema>;

export async function loadCursor(ctx: OperationContext<unknown, unknown>): Promise<Cursor> {
  const parsed = cursorSchema.safeParse((await ctx.state.get(CURSOR_KEY)) ?? {});
  // A cursor from an older version that no longer reads is dropped: the run becomes a full sync.
  return parsed.success ? parsed.data : cursorSchema.parse({});
}

export async function saveCursor(
  ctx: OperationContext<unknown, unknown>,
  cursor: Cursor,
): Promise<void> {
  await ctx.state.set(CURSOR_KEY, cursor);
}

/** Epoch ms of a Salesforce datetime (2024-05-01T12:34:56.000+0000). */
export function sfTime(v: unknown): number {
  return typeof v === 'string' ? Date.parse(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : Number.NaN;
}

/**
 * The new watermark: the latest stamp handled, but never past a record that failed, so a
 * failed record is tried again on the next run.
 */
export function nextWatermark(
  previous: number | undefined,
  handled: number[],
  failed: number[],
): number | undefined {
  let mark = Math.max(previous ?? Number.NEGATIVE_INFINITY, ...handled);
  if (failed.length) mark = Math.min(mark, Math.min(...failed) - 1);
  return Number.isFinite(mark) ? mark : previous;
}
