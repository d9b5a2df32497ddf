import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { activityTypeChoices, totangoAuth } from '../../../totango/index.js';
import { salesforceAuth } from '../../../salesforce/index.js';
import { statusOptions } from '../convert.js';
import { runInbound } from '../inbound.js';
import { carryDeletions, createMissing, fullSync, soqlFilter, preview } from '../inputs.js';
import { mappingInput, TEMPLATES } from '../mapping.js';
import { checkMappingWithSalesforce } from '../check-mapping.js';
import { syncOutput } from '../report.js';

export const syncTasksInbound = defineOperation({
  id: 'sync_tasks_inbound',
  title: 'Sync tasks: Salesforce → Totango',
  description:
    'Brings Salesforce tasks changed since the last run into Totango tasks (matched by External ID), and deletes Totango tasks whose Salesforce task was deleted.',
  services: { salesforce: salesforceAuth, totango: totangoAuth },
  input: z.object({
    mapping: mappingInput(TEMPLATES.tasksInbound, 'Task', 'task'),
    filter: soqlFilter,
    createMissing,
    activityTypeId: z
      .string()
      .min(1)
      .optional()
      .meta({
        title: 'Totango activity type for new tasks',
        description:
          'Totango needs one on every task, e.g. "renewal" ("List activity types" lists them).',
        ...activityTypeChoices('totango'),
      }),
    statuses: statusOptions,
    carryDeletions,
    fullSync,
    preview,
  }),
  output: syncOutput,
  checkWithService: (ctx) => checkMappingWithSalesforce(ctx, 'Task', TEMPLATES.tasksInbound),
  execute: (ctx) =>
    runInbound(
      ctx,
      {
        sfObject: 'Task',
        totango: 'task',
        cannotCreate: (v) =>
          !v.title
            ? 'it has no Subject, and a Totango task needs a title'
            : ctx.input.activityTypeId
              ? undefined
              : 'Totango needs an activity type on every task: set "Totango activity type for new tasks"',
        createExtras: () => ({ activity_type_id: ctx.input.activityTypeId }),
      },
      ctx.input,
    ),
});
