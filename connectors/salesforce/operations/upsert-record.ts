import { z } from 'zod';
import { salesforceAuth } from '../auth.js';
import { defineOperation } from '../../sdk/types.js';
import { fieldChoices, fieldName, fieldValues, limitInfo, objectName, session } from '../common.js';

export const upsertRecord = defineOperation({
  auth: salesforceAuth,
  id: 'upsert_record',
  title: 'Create or update a record by external id',
  description:
    'Updates the record whose external id field has this value, or creates it when there is none. Several matches are an error and nothing is written.',
  input: z.object({
    object: objectName,
    externalIdField: fieldName.meta({
      title: 'External id field',
      description: 'An external id field of the object, e.g. External_Id__c.',
      ...fieldChoices({ where: { externalId: true } }),
    }),
    externalId: z.string().min(1).meta({ title: 'External id value' }),
    fields: fieldValues.meta(fieldChoices({ fills: 'key' })),
  }),
  output: z.object({ id: z.string(), created: z.boolean(), limitInfo }),
  async execute(ctx) {
    const sf = await session(ctx);
    const { object, externalIdField, externalId, fields } = ctx.input;
    const path = `/sobjects/${object}/${externalIdField}/${encodeURIComponent(externalId)}`;
    const res = await sf.data({ method: 'PATCH', url: path, json: fields });
    const body = (res.body ?? {}) as { id?: string; created?: boolean };
    const created = res.status === 201 || body.created === true;
    if (typeof body.id === 'string' && body.id !== '')
      return { id: body.id, created, limitInfo: sf.limitInfo };
    // Versions before 46.0 answer an update with 204 and no body: read the id by the same external id.
    const found = await sf.data({ method: 'GET', url: path, query: { fields: 'Id' } });
    return {
      id: String((found.body as { Id?: unknown }).Id ?? ''),
      created,
      limitInfo: sf.limitInfo,
    };
  },
});
