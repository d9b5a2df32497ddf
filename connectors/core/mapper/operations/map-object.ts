import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { objectField } from '../../common/fields.js';
import { compileMappings, keepUnmappedField, mappingsField } from '../mappings.js';

export const mapObjectOperation = defineOperation({
  id: 'map_object',
  title: 'Map a record',
  description:
    'Reshape one record: copy its fields to new names (Salesforce "Owner.Email" to Totango "owner_email"), with defaults for missing ones.',
  input: z.object({
    data: objectField('Record', 'The record to reshape.'),
    mappings: mappingsField,
    keepUnmapped: keepUnmappedField,
  }),
  output: z.object({ result: z.record(z.string(), z.unknown()) }),
  async execute({ input }) {
    return { result: compileMappings(input.mappings, 'mappings')(input.data, input.keepUnmapped) };
  },
});
