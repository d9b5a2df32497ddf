import { z } from 'zod';
import { salesforceAuth } from '../auth.js';
import { defineOperation } from '../../sdk/types.js';
import { fieldChoices, fieldValues, limitInfo, objectName, recordId, session } from '../common.js';

export const updateRecord = defineOperation({
  auth: salesforceAuth,
  id: 'update_record',
  title: 'Update a record',
  description: 'Changes the given fields of one record; fields left out keep their values.',
  input: z.object({
    object: objectName,
    id: recordId,
    fields: fieldValues.meta(fieldChoices({ where: { updateable: true }, fills: 'key' })),
  }),
  output: z.object({ id: z.string(), limitInfo }),
  async execute(ctx) {
    const sf = await session(ctx);
    await sf.data({
      method: 'PATCH',
      url: `/sobjects/${ctx.input.object}/${ctx.input.id}`,
      json: ctx.input.fields,
    });
    return { id: ctx.input.id, limitInfo: sf.limitInfo };
  },
});
