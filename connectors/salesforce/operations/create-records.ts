import { z } from 'zod';
import { salesforceAuth } from '../auth.js';
import { defineOperation } from '../../sdk/types.js';
import { objectName, session } from '../common.js';
import { collectionWriteOutput, collectionWriteSummary, writeCollection } from '../collections.js';

export const createRecords = defineOperation({
  auth: salesforceAuth,
  id: 'create_records',
  title: 'Create many records',
  description:
    'Creates any number of records, sent 200 at a time. Each record gets its own result; one failure does not stop the others unless "All or none" is on (then each call of 200 is all or nothing).',
  input: z.object({
    object: objectName,
    records: z
      .array(z.record(z.string(), z.unknown()))
      .min(1)
      .meta({ title: 'Records', description: 'A list of field-value objects.' }),
    allOrNone: z.boolean().default(false).meta({ title: 'All or none' }),
  }),
  output: collectionWriteOutput,
  async execute(ctx) {
    const sf = await session(ctx);
    const results = await writeCollection(
      sf,
      'POST',
      ctx.input.object,
      ctx.input.records,
      ctx.input.allOrNone,
    );
    return collectionWriteSummary(results, sf);
  },
});
