// list_activity_types: GET /api/v3/activity-types/ (the "flows" a touchpoint or a task belongs to).
import { z } from 'zod';
import { defineOperation } from '../../sdk/types.js';
import { totangoAuth } from '../auth.js';
import { includeDisabled, listTypes, typeListOutput } from '../type-lists.js';

export const listActivityTypes = defineOperation({
  auth: totangoAuth,
  id: 'list_activity_types',
  sideEffects: false,
  title: 'List activity types (flows)',
  description:
    'The activity types (flows) of your Totango, with the ids "Create task" and "Create touchpoint" take.',
  input: z.object({ includeDisabled }),
  output: typeListOutput,
  execute: ({ input, http }) =>
    listTypes(http, '/api/v3/activity-types/', 'activity types', input.includeDisabled),
});
