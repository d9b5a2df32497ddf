// track_usage: one activity of a user in a module, through the collector.
import { z } from 'zod';
import { defineOperation } from '../../sdk/types.js';
import { totangoAuth } from '../auth.js';
import { requireServiceId, sendToCollector } from '../collector.js';
import { collectorOutput } from './set-account-attributes.js';

const input = z.object({
  account_id: z.string().min(1).meta({ title: 'Account ID' }),
  user_id: z.string().min(1).meta({ title: 'User ID' }),
  activity: z.string().min(1).meta({ title: 'Activity', description: 'e.g. Export report' }),
  module: z.string().min(1).meta({ title: 'Module', description: 'e.g. Reports' }),
});

export const trackUsage = defineOperation({
  auth: totangoAuth,
  id: 'track_usage',
  title: 'Track usage',
  description:
    'Record that a user did an activity in a module (through the HTTP collector; needs the Service ID).',
  input,
  output: collectorOutput,
  async execute({ input: i, auth, http, env }) {
    const params = {
      sdr_s: requireServiceId(auth, 'Track usage'),
      sdr_o: i.account_id,
      sdr_u: i.user_id,
      sdr_a: i.activity,
      sdr_m: i.module,
    };
    return sendToCollector(http, auth, env, params);
  },
});
