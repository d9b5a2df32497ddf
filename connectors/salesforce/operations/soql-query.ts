import { z } from 'zod';
import { salesforceAuth } from '../auth.js';
import { defineOperation } from '../../sdk/types.js';
import { limitInfo, session } from '../common.js';
import { runSoql } from '../query.js';

export const soqlQuery = defineOperation({
  auth: salesforceAuth,
  id: 'soql_query',
  sideEffects: false,
  title: 'Run a SOQL query',
  description:
    'Runs a SOQL query and follows every page (nextRecordsUrl) up to Max records. "Include deleted" uses queryAll, which also returns deleted and archived rows.',
  input: z.object({
    query: z.string().trim().min(1).meta({
      title: 'SOQL query',
      description: "e.g. SELECT Id, Subject, Owner.Email FROM Task WHERE Status = 'Completed'",
    }),
    includeDeleted: z
      .boolean()
      .default(false)
      .meta({ title: 'Include deleted and archived records (queryAll)' }),
    maxRecords: z.number().int().positive().optional().meta({ title: 'Max records' }),
  }),
  output: z.object({
    totalSize: z.number().int(),
    records: z.array(z.record(z.string(), z.unknown())),
    done: z.boolean().meta({ description: 'False when Max records stopped the paging early.' }),
    limitInfo,
  }),
  async execute(ctx) {
    const sf = await session(ctx);
    const result = await runSoql(sf, ctx.input.query, {
      includeDeleted: ctx.input.includeDeleted,
      maxRecords: ctx.input.maxRecords,
    });
    return { ...result, limitInfo: sf.limitInfo };
  },
});
