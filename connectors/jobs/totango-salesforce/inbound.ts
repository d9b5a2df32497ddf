// Salesforce → Totango, shared by the tasks and touchpoints inbound jobs. Per run: the
// Salesforce records changed since the cursor (within the SOQL filter) are matched to Totango
// by External ID (the lowercase Salesforce id); an unmatched parent account is skipped;
// "last update wins" decides conflicts; deletions in Salesforce (getDeleted) delete the
// linked Totango record. With `preview`, the same reading and mapping, and no write at all
// (not even the cursor).
import type { OperationContext } from '../../sdk/types.js';
import { isStepError } from '../../../engine/errors/step-error.js';
import { externalIdOf } from '../../salesforce/index.js';
import { conversions, noContacts, type ConvertContext, type StatusOptions } from './convert.js';
import { loadCursor, nextWatermark, openSides, saveCursor, sfTime } from './context.js';
import { createOnly, plainEntries, sfValue, type MappingEntry } from './mapping.js';
import { SyncReport, type SyncOutput } from './report.js';
import type { TotangoRecord } from './totango-side.js';

export interface InboundInput {
  mapping: MappingEntry[];
  createMissing: boolean;
  fullSync: boolean;
  carryDeletions: boolean;
  filter?: string;
  statuses?: StatusOptions;
  preview: boolean;
}

export interface InboundKind {
  sfObject: 'Task' | 'Event';
  totango: 'task' | 'touchpoint';
  /** Why a record cannot be created in Totango (the seed's rules), or undefined. */
  cannotCreate(values: Record<string, unknown>): string | undefined;
  /** Fields Totango needs on create besides the mapped ones. */
  createExtras(values: Record<string, unknown>): Record<string, unknown>;
}

const reason = (err: unknown): string =>
  isStepError(err) ? `${err.code}: ${err.message}` : String(err);

export async function runInbound(
  ctx: OperationContext<unknown, unknown>,
  kind: InboundKind,
  input: InboundInput,
): Promise<SyncOutput> {
  const { sf, tt } = await openSides(ctx);
  const cursor = await loadCursor(ctx);
  const full = input.fullSync || cursor.sfWatermark === undefined;
  const report = new SyncReport(input.preview);
  const plain = plainEntries(input.mapping);
  const startedAt = Date.now();

  const changed = await sf.changed(
    kind.sfObject,
    plain.map((e) => e.salesforce),
    input.filter,
    full ? undefined : cursor.sfWatermark,
  );
  const accounts = await tt.existingAccounts(
    changed.map((r) => String(r.AccountId ?? '')).filter(Boolean),
  );
  const totangoRecords = await tt.list(kind.totango);
  const byLink = new Map<string, TotangoRecord>();
  for (const r of totangoRecords) if (r.external_id) byLink.set(r.external_id.toLowerCase(), r);
  const ownerIds = plain
    .filter((e) => e.convert === 'user_email')
    .flatMap((e) => changed.map((r) => String(sfValue(r, e.salesforce) ?? '')))
    .filter(Boolean);
  const whoIds = plain
    .filter((e) => e.convert === 'participants')
    .flatMap((e) => changed.map((r) => String(sfValue(r, e.salesforce) ?? '')))
    .filter(Boolean);
  const cc: ConvertContext = {
    status: input.statuses ?? {
      closed: ['Completed'],
      openValue: 'Not Started',
      closedValue: 'Completed',
    },
    users: await sf.users([], ownerIds),
    contacts: whoIds.length ? await sf.contacts([], whoIds) : noContacts,
  };

  const handled: number[] = [];
  const failedAt: number[] = [];
  for (const rec of changed) {
    const sfId = String(rec.Id);
    const stamp = sfTime(rec.SystemModstamp);
    handled.push(stamp);
    const account = rec.AccountId ? accounts.get(String(rec.AccountId).toLowerCase()) : undefined;
    if (!account) {
      report.unmatched(
        sfId,
        rec.AccountId ? String(rec.AccountId) : null,
        rec.AccountId
          ? `its account ${String(rec.AccountId)} is not in Totango (run the accounts sync first, then a full sync)`
          : 'it is not related to an account',
      );
      continue;
    }
    const values = Object.fromEntries(
      plain.map((e) => [
        e.totango,
        conversions[e.convert].toTotango(sfValue(rec, e.salesforce), cc),
      ]),
    );
    const target = byLink.get(externalIdOf(sfId));
    try {
      if (target) {
        // Only fields Totango reports can be compared; the account of a record never changes.
        const diff = plain.filter(
          (e) =>
            !createOnly(e) &&
            e.totango in target.fields &&
            !conversions[e.convert].same(sfValue(rec, e.salesforce), target.fields[e.totango], cc),
        );
        if (diff.length === 0) continue;
        if (target.last_updated > sfTime(rec.LastModifiedDate)) {
          report.add('skipped', sfId, target.id, {
            reason:
              'Totango has the later change (last update wins); the outbound job sends it to Salesforce',
          });
          continue;
        }
        const changes = Object.fromEntries(diff.map((e) => [e.totango, values[e.totango]]));
        if (!input.preview) await tt.update(kind.totango, target.id, changes);
        report.add('updated', sfId, target.id, {
          fields: diff.map((e) => e.totango),
          values: changes,
        });
      } else if (!input.createMissing) {
        report.add('skipped', sfId, null, {
          reason: `not in Totango, and "Create new records" is off`,
        });
      } else {
        const why = kind.cannotCreate(values);
        if (why) {
          report.add('skipped', sfId, null, { reason: why });
          continue;
        }
        const body = {
          ...Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null)),
          ...kind.createExtras(values),
          account_id: account,
          external_id: externalIdOf(sfId),
        };
        const id = input.preview ? null : await tt.create(kind.totango, body);
        report.add('created', sfId, id, { values: body });
      }
    } catch (err) {
      failedAt.push(stamp);
      report.add('failed', sfId, target?.id ?? null, { reason: reason(err) });
    }
  }

  let deletedCheckedUntil = cursor.deletedCheckedUntil;
  if (input.carryDeletions) {
    let ids: string[];
    if (full || deletedCheckedUntil === undefined) {
      ids = await sf.allDeleted(kind.sfObject);
      deletedCheckedUntil = startedAt;
    } else {
      const d = await sf.deletedSince(kind.sfObject, deletedCheckedUntil, Date.now());
      // Salesforce keeps the delete log ~15 days; past that, read the Recycle Bin instead.
      ids = d.lost ? [...new Set([...d.ids, ...(await sf.allDeleted(kind.sfObject))])] : d.ids;
      deletedCheckedUntil = d.coveredUntil;
    }
    for (const id of ids) {
      const target = byLink.get(externalIdOf(id));
      if (!target) continue;
      try {
        if (!input.preview) await tt.remove(kind.totango, target.id);
        report.add('deleted', id, target.id, { reason: 'deleted in Salesforce' });
      } catch (err) {
        // Read the same deletions again next run, so this one is tried again.
        deletedCheckedUntil = cursor.deletedCheckedUntil;
        report.add('failed', id, target.id, {
          reason: `could not delete it in Totango: ${reason(err)}`,
        });
      }
    }
  }

  if (!input.preview)
    await saveCursor(ctx, {
      ...cursor,
      sfWatermark: nextWatermark(cursor.sfWatermark, handled, failedAt),
      deletedCheckedUntil,
    });
  ctx.log(
    'info',
    `${input.preview ? 'Preview of the inbound' : 'Inbound'} sync of ${kind.sfObject}: ${report.summary()}${full ? ' (full sync)' : ''}.`,
  );
  return report.output(full, sf.sf.limitInfo);
}
