import { z } from 'zod';
import { salesforceAuth } from '../auth.js';
import { defineOperation } from '../../sdk/types.js';
import { fieldChoices, fieldValues, limitInfo, objectName, session } from '../common.js';

export const createRecord = defineOperation({
  auth: salesforceAuth,
  id: 'create_record',
  title: 'Create a record',
  description: 'Creates one record of the object with the given field values.',
  input: z.object({
    object: objectName,
    fields: fieldValues.meta(fieldChoices({ where: { createable: true }, fills: 'key' })),
  }),
  output: z.object({ id: z.string(), limitInfo }),
  async execute(ctx) {
    const sf = await session(ctx);
    const res = await sf.data({
      method: 'POST',
      url: `/sobjects/${ctx.input.object}`,
      json: ctx.input.fields,
    });
    return { id: String((res.body as { id: string }).id), limitInfo: sf.limitInfo };
  },
});
