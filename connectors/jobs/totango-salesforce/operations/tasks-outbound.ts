import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { totangoAuth } from '../../../totango/index.js';
import { salesforceAuth } from '../../../salesforce/index.js';
import { statusOptions } from '../convert.js';
import { carryDeletions, createMissing, fullSync, windowDays, preview } from '../inputs.js';
import { mappingInput, TEMPLATES } from '../mapping.js';
import { checkMappingWithSalesforce } from '../check-mapping.js';
import { runOutbound } from '../outbound.js';
import { syncOutput } from '../report.js';

export const syncTasksOutbound = defineOperation({
  id: 'sync_tasks_outbound',
  title: 'Sync tasks: Totango → Salesforce',
  description:
    'Sends Totango tasks updated since the last run (within the last 30 days) to Salesforce tasks, and deletes Salesforce tasks whose Totango task was deleted.',
  services: { salesforce: salesforceAuth, totango: totangoAuth },
  input: z.object({
    mapping: mappingInput(TEMPLATES.tasksOutbound, 'Task', 'task'),
    createMissing,
    windowDays,
    statuses: statusOptions,
    carryDeletions,
    fullSync,
    preview,
  }),
  output: syncOutput,
  checkWithService: (ctx) => checkMappingWithSalesforce(ctx, 'Task', TEMPLATES.tasksOutbound),
  execute: (ctx) =>
    runOutbound(ctx, { sfObject: 'Task', totango: 'task', createExtras: () => ({}) }, ctx.input),
});
