// search_data_raw: the query exactly as Totango's "Generate API endpoint" gives it.
import { z } from 'zod';
import { defineOperation } from '../../sdk/types.js';
import { totangoAuth } from '../auth.js';
import { parseSearchQuery, runSearch } from '../search-query.js';

export const searchOutput = z.object({
  total_hits: z.number().int().meta({
    title: 'Total matches',
    description: 'How many records Totango found (may exceed the hits returned).',
  }),
  // Lenient on purpose: a null or a number where a string is usual must not fail a user's step.
  hits: z
    .array(
      z.looseObject({
        name: z
          .union([z.string(), z.number()])
          .nullish()
          .meta({ description: 'The id of the account or user.' }),
        display_name: z.string().nullish(),
        selected_fields: z
          .array(z.unknown())
          .optional()
          .meta({ description: 'One value per field of the query, in order.' }),
      }),
    )
    .meta({
      title: 'Hits',
      description:
        '`name` is the id; `selected_fields` holds one value per requested field, in order.',
    }),
});

const input = z.object({
  data: z.enum(['accounts', 'users']).meta({ title: 'Data to search' }),
  query: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).meta({
    title: 'Search query',
    description:
      'The JSON search query, as an object or as text. It must contain "terms" ([] matches everything).',
  }),
  allPages: z.boolean().default(false).meta({
    title: 'All pages',
    description: "Fetch every page from the query's offset, up to Totango's 10,000-record limit.",
  }),
});

export const searchDataRaw = defineOperation({
  auth: totangoAuth,
  id: 'search_data_raw',
  sideEffects: false,
  title: 'Search data raw',
  description:
    'Search accounts or users with a query copied from Totango (segment → ⋯ → "Generate API endpoint"). The query must contain a "terms" array.',
  input,
  output: searchOutput,
  // A read: a worker stopped in the middle of it may just read again.
  idempotent: true,
  async execute({ input: i, http, log }) {
    return runSearch(http, i.data, parseSearchQuery(i.query), i.allPages, log);
  },
});
