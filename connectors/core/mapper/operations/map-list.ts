import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { listField } from '../../common/fields.js';
import { describe, invalid } from '../../common/invalid.js';
import { compileMappings, keepUnmappedField, mappingsField } from '../mappings.js';

export const mapListOperation = defineOperation({
  id: 'map_list',
  title: 'Map a list of records',
  description:
    'Reshape every record of a list with the same mappings, in one step instead of a loop.',
  input: z.object({
    list: listField('Records', 'The records to reshape.'),
    mappings: mappingsField,
    keepUnmapped: keepUnmappedField,
  }),
  output: z.object({ results: z.array(z.record(z.string(), z.unknown())) }),
  async execute({ input }) {
    const map = compileMappings(input.mappings, 'mappings');
    const results = input.list.map((record, i) => {
      if (record === null || typeof record !== 'object' || Array.isArray(record))
        throw invalid(`list.${i}`, `expected a record (an object), got ${describe(record)}`);
      return map(record as Record<string, unknown>, input.keepUnmapped);
    });
    return { results };
  },
});
