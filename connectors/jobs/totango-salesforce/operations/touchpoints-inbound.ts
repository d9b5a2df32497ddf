import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { activityTypeChoices, totangoAuth } from '../../../totango/index.js';
import { salesforceAuth } from '../../../salesforce/index.js';
import { runInbound } from '../inbound.js';
import { carryDeletions, createMissing, fullSync, soqlFilter, preview } from '../inputs.js';
import { mappingInput, TEMPLATES } from '../mapping.js';
import { checkMappingWithSalesforce } from '../check-mapping.js';
import { syncOutput } from '../report.js';

export const syncTouchpointsInbound = defineOperation({
  id: 'sync_touchpoints_inbound',
  title: 'Sync touchpoints: Salesforce events → Totango',
  description:
    'Brings Salesforce events changed since the last run into Totango touchpoints (matched by External ID), and deletes touchpoints whose event was deleted.',
  services: { salesforce: salesforceAuth, totango: totangoAuth },
  input: z.object({
    mapping: mappingInput(TEMPLATES.touchpointsInbound, 'Event', 'touchpoint'),
    filter: soqlFilter,
    createMissing,
    activityTypeId: z
      .string()
      .min(1)
      .optional()
      .meta({
        title: 'Totango activity type (flow) for new touchpoints',
        ...activityTypeChoices('totango'),
      }),
    carryDeletions,
    fullSync,
    preview,
  }),
  output: syncOutput,
  checkWithService: (ctx) => checkMappingWithSalesforce(ctx, 'Event', TEMPLATES.touchpointsInbound),
  execute: (ctx) =>
    runInbound(
      ctx,
      {
        sfObject: 'Event',
        totango: 'touchpoint',
        cannotCreate: (v) =>
          !v.subject && !v.content
            ? 'it has neither Subject nor Description, and a touchpoint needs one'
            : undefined,
        // Totango refuses a touchpoint without content: a subject-only event keeps its subject as content.
        createExtras: (v) => ({
          content: v.content ?? v.subject,
          ...(ctx.input.activityTypeId ? { activity_type_id: ctx.input.activityTypeId } : {}),
        }),
      },
      { ...ctx.input, statuses: undefined },
    ),
});
