import { z } from 'zod';
import { salesforceAuth } from '../auth.js';
import { defineOperation } from '../../sdk/types.js';
import { fieldChoices, fieldName, objectName, recordId, session } from '../common.js';

export const getRecord = defineOperation({
  auth: salesforceAuth,
  id: 'get_record',
  sideEffects: false,
  title: 'Get a record',
  description: 'Reads one record by its id; with Fields, only those fields.',
  input: z.object({
    object: objectName,
    id: recordId,
    // A list, or the comma-separated text Salesforce's own ?fields= takes ("Subject,Status").
    fields: z
      .union([
        z.array(fieldName.meta(fieldChoices())),
        z
          .string()
          .regex(
            /^\s*[A-Za-z][A-Za-z0-9_]*(\s*,\s*[A-Za-z][A-Za-z0-9_]*)*\s*$/,
            'must be field API names separated by commas, e.g. Subject,Status',
          ),
      ])
      .optional()
      .meta({
        title: 'Fields',
        description:
          'Field API names to return (a list, or text such as Subject,Status); empty for all.',
      }),
  }),
  output: z.record(z.string(), z.unknown()),
  async execute(ctx) {
    const sf = await session(ctx);
    const { object, id } = ctx.input;
    const fields =
      typeof ctx.input.fields === 'string'
        ? ctx.input.fields.split(',').map((f) => f.trim())
        : ctx.input.fields;
    const res = await sf.data({
      method: 'GET',
      url: `/sobjects/${object}/${id}`,
      query: fields?.length ? { fields: fields.join(',') } : undefined,
    });
    return res.body as Record<string, unknown>;
  },
});
