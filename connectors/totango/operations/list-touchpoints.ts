// list_touchpoints: an account's touchpoints, newest first, read from the events search
// (touchpoints are its `note` events; Totango has no list request of their own).
import { z } from 'zod';
import { defineOperation } from '../../sdk/types.js';
import { totangoAuth } from '../auth.js';
import { readTouchpoints, TOUCHPOINTS_CEILING, touchpointOutput } from '../touchpoints.js';

export const listTouchpoints = defineOperation({
  auth: totangoAuth,
  id: 'list_touchpoints',
  sideEffects: false,
  title: 'List touchpoints',
  description: "An account's touchpoints, newest first.",
  input: z.object({
    account_id: z.string().min(1).meta({ title: 'Account ID' }),
    limit: z
      .number()
      .int()
      .min(1)
      .max(TOUCHPOINTS_CEILING)
      .default(100)
      .meta({
        title: 'At most',
        description: `How many touchpoints to read (up to ${TOUCHPOINTS_CEILING.toLocaleString('en')}).`,
      }),
  }),
  output: z.object({ touchpoints: z.array(touchpointOutput) }),
  async execute({ input, http }) {
    return {
      touchpoints: await readTouchpoints(http, { accountId: input.account_id, max: input.limit }),
    };
  },
});
