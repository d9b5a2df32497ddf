import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { totangoAuth } from '../../../totango/index.js';
import { salesforceAuth } from '../../../salesforce/index.js';
import { carryDeletions, createMissing, fullSync, windowDays, preview } from '../inputs.js';
import { mappingInput, TEMPLATES } from '../mapping.js';
import { checkMappingWithSalesforce } from '../check-mapping.js';
import { runOutbound } from '../outbound.js';
import { syncOutput } from '../report.js';

export const syncTouchpointsOutbound = defineOperation({
  id: 'sync_touchpoints_outbound',
  title: 'Sync touchpoints: Totango → Salesforce events',
  description:
    'Sends Totango touchpoints updated since the last run (within the last 30 days) to Salesforce events, and deletes events whose touchpoint was deleted.',
  services: { salesforce: salesforceAuth, totango: totangoAuth },
  input: z.object({
    mapping: mappingInput(TEMPLATES.touchpointsOutbound, 'Event', 'touchpoint'),
    createMissing,
    windowDays,
    carryDeletions,
    fullSync,
    preview,
  }),
  output: syncOutput,
  checkWithService: (ctx) =>
    checkMappingWithSalesforce(ctx, 'Event', TEMPLATES.touchpointsOutbound),
  execute: (ctx) =>
    runOutbound(
      ctx,
      {
        sfObject: 'Event',
        totango: 'touchpoint',
        // An event with only a date must be all-day; a mapping to StartDateTime makes a timed event (with a duration).
        createExtras: (f) =>
          'StartDateTime' in f ? { DurationInMinutes: 30 } : { IsAllDayEvent: true },
      },
      ctx.input,
    ),
});
