// Totango campaign touches → Salesforce events (outbound only). Each touch becomes one
// all-day Event of type Email on its account, written with an upsert on the campaign touch id
// (an external id field on Event), so sending the same touch twice never makes two events.
// The subject says the campaign's kind, how many users it went to and its sender, as the seed
// writes it. A preview reads which touches already have an event, and writes nothing.
import { z } from 'zod';
import { StepError, isStepError } from '../../../../engine/errors/step-error.js';
import { defineOperation } from '../../../sdk/types.js';
import { totangoAuth } from '../../../totango/index.js';
import {
  externalIdOf,
  runSoql,
  salesforceAuth,
  soqlString,
  chunks,
} from '../../../salesforce/index.js';
import {
  campaignKind,
  campaignSender,
  campaignSubject,
  recipientCount,
} from '../campaign-subject.js';
import { conversions, noContacts, type ConvertContext } from '../convert.js';
import { loadCursor, nextWatermark, openSides, saveCursor } from '../context.js';
import { createMissing, fullSync, windowDays, preview } from '../inputs.js';
import { mappingInput, plainEntries, TEMPLATES, writableToSalesforce } from '../mapping.js';
import { checkMappingWithSalesforce } from '../check-mapping.js';
import { SyncReport, syncOutput } from '../report.js';

const DAY = 86_400_000;

export const syncCampaignTouchesOutbound = defineOperation({
  id: 'sync_campaign_touches_outbound',
  title: 'Sync campaign touches: Totango → Salesforce events',
  description:
    'Records each Totango campaign touch of the last 30 days as an email Event on the Salesforce account, once.',
  services: { salesforce: salesforceAuth, totango: totangoAuth },
  input: z.object({
    mapping: mappingInput(TEMPLATES.campaignTouchesOutbound, 'Event', 'campaign_touch'),
    createMissing: createMissing.default(true).meta({
      title: 'Create new records',
      description:
        'Campaign touches are always new events; turn off to only update events sent before.',
    }),
    eventType: z.string().default('Email').meta({
      title: 'Event type',
      description: 'The Event Type value; empty when your Event object has no Type field.',
    }),
    windowDays,
    fullSync,
    preview,
  }),
  output: syncOutput,
  checkWithService: (ctx) =>
    checkMappingWithSalesforce(ctx, 'Event', TEMPLATES.campaignTouchesOutbound),
  async execute(ctx) {
    const input = ctx.input;
    const keyEntry = input.mapping.find((e) => e.totango === 'campaign_touch_id');
    if (!keyEntry) {
      throw new StepError(
        'INPUT_INVALID',
        'The mapping needs an entry for "campaign_touch_id": the Salesforce external id field on Event that keeps each campaign touch\'s id (e.g. Totango_Campaign_Touch_Id__c).',
        { details: { field: 'mapping' } },
      );
    }
    const { sf, tt } = await openSides(ctx);
    const cursor = await loadCursor(ctx);
    const full = input.fullSync || cursor.ttWatermark === undefined;
    const report = new SyncReport(input.preview);
    const entries = plainEntries(input.mapping).filter(writableToSalesforce);
    const listing = await tt.list('campaign_touch', Date.now() - input.windowDays * DAY);
    const touches = listing.filter((r) => full || r.last_updated > (cursor.ttWatermark ?? 0));
    const accounts = await sf.existingAccounts(touches.map((t) => t.account_id));
    const values = touches.map(
      (t): Record<string, unknown> => ({
        subject: campaignSubject(t.fields),
        description: t.fields.subject ?? null,
        start_date: t.last_updated,
        created_by: campaignSender(t.fields),
        campaign_name: t.fields.campaign_name ?? null,
        campaign_type: campaignKind(t.fields),
        user_count: recipientCount(t.fields),
        sender: campaignSender(t.fields),
      }),
    );
    const userEntries = entries.filter((e) => e.convert === 'user_email');
    const cc: ConvertContext = {
      status: { closed: ['Completed'], openValue: 'Not Started', closedValue: 'Completed' },
      users: await sf.users(
        userEntries.flatMap((e) => values.map((v) => String(v[e.totango] ?? ''))),
        [],
      ),
      contacts: noContacts,
    };
    // A preview tells a new event from one sent before by reading the touches' keys.
    const existing = input.preview
      ? await eventsByKey(
          sf.sf,
          keyEntry.salesforce,
          touches.map((t) => externalIdOf(t.id)),
        )
      : new Map<string, string>();

    const failedAt: number[] = [];
    for (const [i, touch] of touches.entries()) {
      const account = accounts.get(touch.account_id.toLowerCase());
      if (!account) {
        report.unmatched(
          touch.id,
          touch.account_id,
          `its account ${touch.account_id} is not matched to a Salesforce account`,
        );
        continue;
      }
      const fields: Record<string, unknown> = {
        WhatId: account,
        IsAllDayEvent: true,
        ...(input.eventType ? { Type: input.eventType } : {}),
      };
      for (const e of entries) {
        const v = conversions[e.convert].toSalesforce(values[i][e.totango], cc);
        if (v !== undefined) fields[e.salesforce] = v;
      }
      const key = externalIdOf(touch.id);
      if (input.preview) {
        const id = existing.get(key) ?? null;
        if (id || input.createMissing)
          report.add(id ? 'updated' : 'created', touch.id, id, { values: fields });
        else
          report.add('skipped', touch.id, null, {
            reason: 'no event was made for it before, and "Create new records" is off',
          });
        continue;
      }
      try {
        const res = await sf.sf.data({
          method: 'PATCH',
          url: `/sobjects/Event/${keyEntry.salesforce}/${encodeURIComponent(key)}`,
          query: input.createMissing ? undefined : { updateOnly: 'true' },
          json: fields,
        });
        const body = (res.body ?? {}) as { id?: string; created?: boolean };
        report.add(
          res.status === 201 || body.created ? 'created' : 'updated',
          touch.id,
          body.id ?? null,
        );
      } catch (err) {
        failedAt.push(touch.last_updated);
        report.add('failed', touch.id, null, {
          reason: isStepError(err) ? `${err.code}: ${err.message}` : String(err),
        });
      }
    }
    if (!input.preview)
      await saveCursor(ctx, {
        ...cursor,
        ttWatermark: nextWatermark(
          cursor.ttWatermark,
          listing.map((r) => r.last_updated),
          failedAt,
        ),
      });
    ctx.log(
      'info',
      `${input.preview ? 'Preview of the campaign' : 'Campaign'} touches sync: ${report.summary()}${full ? ' (full sync)' : ''}.`,
    );
    return report.output(full, sf.sf.limitInfo);
  },
});

/** Lowercase key → Event id, for the events already made for these campaign touches. */
async function eventsByKey(
  session: Parameters<typeof runSoql>[0],
  keyField: string,
  keys: string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks([...new Set(keys)], 200)) {
    const soql = `SELECT Id, ${keyField} FROM Event WHERE ${keyField} IN (${part.map(soqlString).join(', ')})`;
    for (const r of (await runSoql(session, soql)).records)
      out.set(String(r[keyField] ?? '').toLowerCase(), String(r.Id));
  }
  return out;
}
