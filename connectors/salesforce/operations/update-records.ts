import { z } from 'zod';
import { StepError } from '../../../engine/errors/step-error.js';
import { salesforceAuth } from '../auth.js';
import { defineOperation } from '../../sdk/types.js';
import { objectName, session } from '../common.js';
import { collectionWriteOutput, collectionWriteSummary, writeCollection } from '../collections.js';

export const updateRecords = defineOperation({
  auth: salesforceAuth,
  id: 'update_records',
  title: 'Update many records',
  description:
    'Updates any number of records (each with its "Id"), sent 200 at a time, with one result per record.',
  input: z.object({
    object: objectName,
    records: z
      .array(z.record(z.string(), z.unknown()))
      .min(1)
      .meta({ title: 'Records', description: "Field-value objects, each with the record's Id." }),
    allOrNone: z.boolean().default(false).meta({ title: 'All or none' }),
  }),
  output: collectionWriteOutput,
  async execute(ctx) {
    const missing = ctx.input.records.findIndex((r) => typeof (r.Id ?? r.id) !== 'string');
    if (missing >= 0) {
      throw new StepError(
        'INPUT_INVALID',
        `Record ${missing} (counting from 0) in "records" has no "Id": every record to update needs the id of the Salesforce record.`,
        { details: { field: `records.${missing}.Id` } },
      );
    }
    const sf = await session(ctx);
    const records = ctx.input.records.map(({ Id, id, ...rest }) => ({ id: Id ?? id, ...rest }));
    const results = await writeCollection(
      sf,
      'PATCH',
      ctx.input.object,
      records,
      ctx.input.allOrNone,
    );
    return collectionWriteSummary(results, sf);
  },
});
