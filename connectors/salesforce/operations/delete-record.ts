import { z } from 'zod';
import { salesforceAuth } from '../auth.js';
import { defineOperation } from '../../sdk/types.js';
import { limitInfo, objectName, recordId, session } from '../common.js';

export const deleteRecord = defineOperation({
  auth: salesforceAuth,
  id: 'delete_record',
  title: 'Delete a record',
  description: 'Moves one record to the Recycle Bin.',
  input: z.object({ object: objectName, id: recordId }),
  output: z.object({ id: z.string(), limitInfo }),
  async execute(ctx) {
    const sf = await session(ctx);
    await sf.data({ method: 'DELETE', url: `/sobjects/${ctx.input.object}/${ctx.input.id}` });
    return { id: ctx.input.id, limitInfo: sf.limitInfo };
  },
});
