import { z } from 'zod';
import { defineOperation } from '../../sdk/types.js';
import { fieldName, objectName, recordId, session } from '../common.js';

export const getRecord = defineOperation({
  id: 'get_record',
  title: 'Get a record',
  description: 'Reads one record by its id; with Fields, only those fields.',
  input: z.object({
    object: objectName,
    id: recordId,
    fields: z.array(fieldName).optional().meta({ title: 'Fields', description: 'Field API names to return; empty for all.' }),
  }),
  output: z.record(z.string(), z.unknown()),
  async execute(ctx) {
    const sf = await session(ctx);
    const { object, id, fields } = ctx.input;
    const res = await sf.data({ method: 'GET', url: `/sobjects/${object}/${id}`, query: fields?.length ? { fields: fields.join(',') } : undefined });
    return res.body as Record<string, unknown>;
  },
});
