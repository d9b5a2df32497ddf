// The form behind search_accounts and search_users: filters and columns a person can fill in,
// turned into a Totango search query. Hits get a `fields` object keyed by column name, because
// Totango's positional `selected_fields` are hard to map by hand.
import { z } from 'zod';
import { StepError } from '../../../engine/errors/step-error.js';
import { defineOperation } from '../../sdk/types.js';
import { totangoAuth } from '../auth.js';
import { MAX_COUNT, runSearch, type SearchQuery } from '../search-query.js';
import { searchOutput } from './search-data-raw.js';

const filter = z.object({
  field: z.string().min(1).meta({
    title: 'Field',
    description:
      'An attribute name (e.g. Success Manager) or, with "Built-in" on, a Totango term such as status_group.',
  }),
  builtIn: z.boolean().default(false).meta({
    title: 'Built-in',
    description: 'On: a Totango built-in term; off: an account or user attribute.',
  }),
  match: z.enum(['is_one_of', 'contains']).default('is_one_of').meta({ title: 'Match' }),
  value: z.union([z.string(), z.array(z.string()).min(1)]).meta({ title: 'Value(s)' }),
});

const column = z.union([
  z.string().min(1).meta({ title: 'Attribute name' }),
  z.object({
    field: z.string().min(1).meta({ title: 'Field' }),
    builtIn: z.boolean().default(false).meta({ title: 'Built-in' }),
    kind: z.enum(['string', 'date', 'number']).default('string').meta({ title: 'Kind' }),
    title: z.string().optional().meta({ title: 'Column title' }),
  }),
]);

export const searchFormInput = z.object({
  filters: z
    .array(filter)
    .default([])
    .meta({ title: 'Filters', description: 'All must match. No filters: everything.' }),
  terms: z.array(z.record(z.string(), z.unknown())).optional().meta({
    title: 'Extra raw terms',
    description: 'Totango term objects added as they are, for filters the form does not offer.',
  }),
  fields: z.array(column).default([]).meta({
    title: 'Columns',
    description: 'Attributes to return with each hit (the name and id always come back).',
  }),
  sort_by: z.string().default('display_name').meta({ title: 'Sort by' }),
  sort_order: z.enum(['ASC', 'DESC']).default('ASC').meta({ title: 'Sort order' }),
  count: z
    .number()
    .int()
    .min(1)
    .max(MAX_COUNT)
    .default(100)
    .meta({ title: 'Page size', description: 'At most 1000.' }),
  offset: z.number().int().min(0).default(0).meta({ title: 'Offset' }),
  allPages: z.boolean().default(false).meta({
    title: 'All pages',
    description: "Fetch every page, up to Totango's 10,000-record limit.",
  }),
});

type FormInput = z.output<typeof searchFormInput>;

function toTerm(f: FormInput['filters'][number], n: number): Record<string, unknown> {
  const where = f.builtIn
    ? { type: 'string', term: f.field }
    : { type: 'string_attribute', attribute: f.field };
  const values = Array.isArray(f.value) ? f.value : [f.value];
  if (f.match === 'is_one_of') return { ...where, in_list: values };
  // Totango's "contains" takes one text; sending only the first of several would drop the rest unseen.
  if (values.length > 1) {
    throw new StepError(
      'INPUT_INVALID',
      `Input "filters[${n}]": "contains" takes one value, but ${values.length} were given for "${f.field}". Give one text to look for, or use "is_one_of" to match any of several exact values.`,
      {
        details: { field: `filters[${n}].value` },
      },
    );
  }
  return { ...where, contains: values[0] };
}

function toField(c: FormInput['fields'][number]): {
  field: Record<string, unknown>;
  title: string;
} {
  const col =
    typeof c === 'string'
      ? { field: c, builtIn: false, kind: 'string' as const, title: undefined }
      : c;
  const title = col.title ?? col.field;
  if (col.builtIn)
    return { field: { type: col.kind, term: col.field, field_display_name: title }, title };
  const type =
    col.kind === 'date'
      ? 'simple_date_attribute'
      : col.kind === 'number'
        ? 'number_attribute'
        : 'string_attribute';
  return { field: { type, attribute: col.field, field_display_name: title }, title };
}

export function buildFormQuery(i: FormInput): { query: SearchQuery; titles: string[] } {
  const cols = i.fields.map(toField);
  const query: SearchQuery = {
    terms: [...i.filters.map((f, n) => toTerm(f, n)), ...(i.terms ?? [])],
    fields: cols.map((c) => c.field),
    count: i.count,
    offset: i.offset,
    sort_by: i.sort_by,
    sort_order: i.sort_order,
    scope: 'all',
  };
  return { query, titles: cols.map((c) => c.title) };
}

export function searchFormOperation(
  data: 'accounts' | 'users',
  id: string,
  title: string,
  description: string,
) {
  return defineOperation({
    auth: totangoAuth,
    id,
    sideEffects: false,
    title,
    description,
    input: searchFormInput,
    output: searchOutput,
    // A read: a worker stopped in the middle of it may just read again.
    idempotent: true,
    async execute({ input, http, log }) {
      const { query, titles } = buildFormQuery(input);
      const result = await runSearch(http, data, query, input.allPages, log);
      const hits = result.hits.map((hit) => {
        const values = Array.isArray(hit.selected_fields) ? (hit.selected_fields as unknown[]) : [];
        return { ...hit, fields: Object.fromEntries(titles.map((t, n) => [t, values[n] ?? null])) };
      });
      return { total_hits: result.total_hits, hits };
    },
  });
}
