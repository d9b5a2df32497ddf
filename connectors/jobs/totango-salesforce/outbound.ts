// Totango → Salesforce, shared by the tasks and touchpoints outbound jobs. Per run: the
// Totango records updated in the window (30 days at most) and since the cursor; an account
// not in Salesforce is skipped; a linked record (External ID) is updated when Totango has the
// later change; an unlinked one is created (with WhatId = the account) when "Create new
// records" is on, and its new Salesforce id is stored in Totango, lowercase. Linked records
// that disappeared from Totango since the last run are deleted in Salesforce. With `preview`,
// the same reading and mapping, and no write at all (not even the cursor).
import type { OperationContext } from '../../sdk/types.js';
import { isStepError } from '../../../engine/errors/step-error.js';
import {
  externalIdOf,
  looksLikeSalesforceId,
  restoreIdCase,
  type CollectionResult,
} from '../../salesforce/index.js';
import { conversions, noContacts, type ConvertContext, type StatusOptions } from './convert.js';
import {
  loadCursor,
  nextWatermark,
  openSides,
  saveCursor,
  sfTime,
  type Cursor,
} from './context.js';
import { plainEntries, sfValue, writableToSalesforce, type MappingEntry } from './mapping.js';
import { SyncReport, type SyncOutput } from './report.js';
import type { SalesforceSide } from './salesforce-side.js';
import type { TotangoRecord } from './totango-side.js';

export interface OutboundInput {
  mapping: MappingEntry[];
  createMissing: boolean;
  fullSync: boolean;
  carryDeletions: boolean;
  windowDays: number;
  statuses?: StatusOptions;
  preview: boolean;
}

export interface OutboundKind {
  sfObject: 'Task' | 'Event';
  totango: 'task' | 'touchpoint';
  /** Fields Salesforce needs on create besides the mapped ones (an all-day Event). */
  createExtras(fields: Record<string, unknown>): Record<string, unknown>;
}

const DAY = 86_400_000;
const reason = (err: unknown): string =>
  isStepError(err) ? `${err.code}: ${err.message}` : String(err);
const resultReason = (r: CollectionResult): string =>
  r.errors
    .map(
      (e) => `${e.errorCode}: ${e.message}${e.fields?.length ? ` (${e.fields.join(', ')})` : ''}`,
    )
    .join('; ');

export async function runOutbound(
  ctx: OperationContext<unknown, unknown>,
  kind: OutboundKind,
  input: OutboundInput,
): Promise<SyncOutput> {
  const { sf, tt } = await openSides(ctx);
  const cursor = await loadCursor(ctx);
  const full = input.fullSync || cursor.ttWatermark === undefined;
  const report = new SyncReport(input.preview);
  const entries = plainEntries(input.mapping).filter(writableToSalesforce);
  const windowStart = Date.now() - input.windowDays * DAY;

  const listing = await tt.list(kind.totango, windowStart);
  const changed = listing.filter((r) => full || r.last_updated > (cursor.ttWatermark ?? 0));
  const accounts = await sf.existingAccounts(changed.map((r) => r.account_id));
  const current = await sf.records(
    kind.sfObject,
    entries.map((e) => e.salesforce),
    changed.flatMap((r) => (r.external_id ? [r.external_id] : [])),
  );
  const userEntries = entries.filter((e) => e.convert === 'user_email');
  const users = await sf.users(
    userEntries.flatMap((e) => changed.map((r) => String(r.fields[e.totango] ?? ''))),
    userEntries
      .flatMap((e) => [...current.values()].map((r) => String(sfValue(r, e.salesforce) ?? '')))
      .filter(Boolean),
  );
  const cc: ConvertContext = {
    status: input.statuses ?? {
      closed: ['Completed'],
      openValue: 'Not Started',
      closedValue: 'Completed',
    },
    users,
    contacts: await participantDirectory(sf, entries, changed, [...current.values()]),
  };
  const toSf = (r: TotangoRecord, list: MappingEntry[]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const e of list) {
      if (!(e.totango in r.fields)) continue;
      const v = conversions[e.convert].toSalesforce(r.fields[e.totango], cc);
      if (v !== undefined) out[e.salesforce] = v;
    }
    return out;
  };

  const creates: { source: TotangoRecord; fields: Record<string, unknown> }[] = [];
  const updates: { source: TotangoRecord; id: string; fields: Record<string, unknown> }[] = [];
  for (const r of changed) {
    const account = accounts.get(r.account_id.toLowerCase());
    if (!account) {
      report.unmatched(
        r.id,
        r.account_id,
        `its account ${r.account_id} is not matched to a Salesforce account`,
      );
      continue;
    }
    if (r.external_id) {
      const cur = current.get(r.external_id.toLowerCase());
      if (!cur) {
        const why = looksLikeSalesforceId(r.external_id)
          ? `no Salesforce ${kind.sfObject} has its External ID ${r.external_id}`
          : `its External ID "${r.external_id}" is not a Salesforce record id`;
        report.add('skipped', r.id, null, { reason: why });
        continue;
      }
      if (cur.IsDeleted === true) {
        report.add('skipped', r.id, String(cur.Id), {
          reason: 'its Salesforce record was deleted; the inbound job removes it from Totango',
        });
        continue;
      }
      const diff = entries.filter(
        (e) =>
          e.totango in r.fields &&
          !conversions[e.convert].same(sfValue(cur, e.salesforce), r.fields[e.totango], cc),
      );
      const fields = toSf(r, diff);
      if (Object.keys(fields).length === 0) continue;
      // Last update wins; on an exact tie Salesforce wins (docs/sync.md).
      if (sfTime(cur.LastModifiedDate) >= r.last_updated) {
        report.add('skipped', r.id, String(cur.Id), {
          reason:
            'Salesforce has the later change (last update wins); the inbound job brings it to Totango',
        });
        continue;
      }
      // WhatId is set when a record is created and never changed afterwards (as Totango does).
      updates.push({ source: r, id: String(cur.Id), fields });
    } else if (!input.createMissing) {
      report.add('skipped', r.id, null, {
        reason: 'not in Salesforce, and "Create new records" is off',
      });
    } else {
      const fields = toSf(r, entries);
      creates.push({
        source: r,
        fields: { ...fields, ...kind.createExtras(fields), WhatId: account },
      });
    }
  }

  const failedAt: number[] = [];
  const known: Cursor['known'] = {};
  for (const r of listing)
    if (r.external_id)
      known[r.id] = { sf: r.external_id.toLowerCase(), lastUpdated: r.last_updated };

  const updated = input.preview
    ? updates.map((u): CollectionResult => ({ id: u.id, success: true, errors: [] }))
    : await sf.update(
        kind.sfObject,
        updates.map((u) => ({ id: u.id, ...u.fields })),
      );
  updated.forEach((res, i) => {
    const u = updates[i];
    if (res.success)
      report.add('updated', u.source.id, u.id, {
        fields: Object.keys(u.fields),
        values: u.fields,
      });
    else {
      failedAt.push(u.source.last_updated);
      report.add('failed', u.source.id, u.id, { reason: resultReason(res) });
    }
  });

  if (input.preview)
    for (const c of creates) report.add('created', c.source.id, null, { values: c.fields });
  const created = input.preview
    ? []
    : await sf.create(
        kind.sfObject,
        creates.map((c) => c.fields),
      );
  for (const [i, res] of created.entries()) {
    const c = creates[i];
    if (!res.success || !res.id) {
      failedAt.push(c.source.last_updated);
      report.add('failed', c.source.id, null, { reason: resultReason(res) });
      continue;
    }
    try {
      await tt.update(kind.totango, c.source.id, { external_id: externalIdOf(res.id) });
      known[c.source.id] = { sf: externalIdOf(res.id), lastUpdated: c.source.last_updated };
      report.add('created', c.source.id, res.id);
    } catch (err) {
      failedAt.push(c.source.last_updated);
      report.add('failed', c.source.id, res.id, {
        reason: `created in Salesforce as ${res.id}, but the link could not be stored in Totango: ${reason(err)}`,
      });
    }
  }

  // A linked record that was in the window last time and is not listed now was deleted in Totango.
  const present = new Set(listing.map((r) => r.id));
  const gone = Object.entries(cursor.known).filter(
    ([id, k]) => !present.has(id) && k.lastUpdated >= windowStart,
  );
  if (input.carryDeletions && gone.length) {
    const results = input.preview
      ? gone.map(
          ([, k]): CollectionResult => ({ id: restoreIdCase(k.sf), success: true, errors: [] }),
        )
      : await sf.remove(gone.map(([, k]) => restoreIdCase(k.sf)));
    results.forEach((res, i) => {
      const [ttId, k] = gone[i];
      const sfId = restoreIdCase(k.sf);
      if (res.success) report.add('deleted', ttId, sfId, { reason: 'deleted in Totango' });
      else if (res.errors.some((e) => e.errorCode === 'ENTITY_IS_DELETED')) return;
      else {
        known[ttId] = k;
        report.add('failed', ttId, sfId, {
          reason: `could not delete it in Salesforce: ${resultReason(res)}`,
        });
      }
    });
  }

  if (!input.preview)
    await saveCursor(ctx, {
      ...cursor,
      ttWatermark: nextWatermark(
        cursor.ttWatermark,
        listing.map((r) => r.last_updated),
        failedAt,
      ),
      known,
    });
  ctx.log(
    'info',
    `${input.preview ? 'Preview of the outbound' : 'Outbound'} sync of ${kind.sfObject}: ${report.summary()}${full ? ' (full sync)' : ''}.`,
  );
  return report.output(full, sf.sf.limitInfo);
}

/** The contacts and leads behind the participants and the WhoIds, when the mapping carries participants. */
function participantDirectory(
  sf: SalesforceSide,
  entries: MappingEntry[],
  changed: TotangoRecord[],
  current: Record<string, unknown>[],
) {
  const rows = entries.filter((e) => e.convert === 'participants');
  if (!rows.length) return noContacts;
  const emails = rows.flatMap((e) =>
    changed.flatMap((r) => {
      const v = r.fields[e.totango];
      return Array.isArray(v) ? v.map(String) : [];
    }),
  );
  const ids = rows.flatMap((e) => current.map((r) => String(sfValue(r, e.salesforce) ?? '')));
  return sf.contacts(emails, ids.filter(Boolean));
}
