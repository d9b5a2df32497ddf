import { z } from 'zod';
import { salesforceAuth } from '../auth.js';
import { defineOperation } from '../../sdk/types.js';
import { session } from '../common.js';

interface GlobalObject {
  name: string;
  label: string;
  custom?: boolean;
  queryable?: boolean;
  createable?: boolean;
  updateable?: boolean;
}

// list_objects: describeGlobal (GET /sobjects), the objects the connected user can see; the
// editor's picker for every "Object" field lists them.
export const listObjects = defineOperation({
  auth: salesforceAuth,
  id: 'list_objects',
  sideEffects: false,
  title: 'List objects',
  description:
    'The objects of your Salesforce org (API name, label, whether custom), so an object can be picked instead of typed.',
  input: z.object({
    customOnly: z
      .boolean()
      .default(false)
      .meta({ title: 'Custom objects only', description: 'Only objects ending in __c.' }),
  }),
  output: z.object({
    objects: z.array(
      z.object({
        name: z.string(),
        label: z.string(),
        custom: z.boolean(),
        queryable: z.boolean(),
        createable: z.boolean(),
        updateable: z.boolean(),
      }),
    ),
  }),
  async execute(ctx) {
    const sf = await session(ctx);
    const res = await sf.data({ method: 'GET', url: '/sobjects' });
    const list = ((res.body as { sobjects?: GlobalObject[] })?.sobjects ?? []).map((o) => ({
      name: o.name,
      label: o.label,
      custom: o.custom === true,
      queryable: o.queryable !== false,
      createable: o.createable === true,
      updateable: o.updateable === true,
    }));
    return { objects: ctx.input.customOnly ? list.filter((o) => o.custom) : list };
  },
});
