// list_touchpoint_types: GET /api/v3/touchpoint-types/ (Meeting, Call, Email… as each Totango defines them).
import { z } from 'zod';
import { defineOperation } from '../../sdk/types.js';
import { totangoAuth } from '../auth.js';
import { includeDisabled, listTypes, typeListOutput } from '../type-lists.js';

export const listTouchpointTypes = defineOperation({
  auth: totangoAuth,
  id: 'list_touchpoint_types',
  sideEffects: false,
  title: 'List touchpoint types',
  description:
    'The touchpoint types of your Totango (Meeting, Call…), with the ids "Create touchpoint" takes.',
  input: z.object({ includeDisabled }),
  output: typeListOutput,
  execute: ({ input, http }) =>
    listTypes(http, '/api/v3/touchpoint-types/', 'touchpoint types', input.includeDisabled),
});
