// set_account_attributes: an upsert through the collector (sdr_o, sdr_o.account_name, sdr_o.<attribute>).
import { z } from 'zod';
import { defineOperation } from '../../sdk/types.js';
import { totangoAuth } from '../auth.js';
import { attributeParams, requireServiceId, sendToCollector } from '../collector.js';

export const attributesSchema = z
  .record(z.string().min(1), z.union([z.string(), z.number(), z.boolean(), z.null()]))
  .meta({
    title: 'Attributes',
    description:
      'Attribute name → value, e.g. { "Status": "Paying", "Contract Value": 12000 }. Dates as ISO 8601 text.',
  });

export const collectorOutput = z.object({
  sent: z.boolean().meta({
    description:
      'The collector received the call. Totango checks the data later; a 200 does not mean it was valid.',
  }),
  params: z.record(z.string(), z.string()).meta({ description: 'The collector parameters sent.' }),
});

const input = z.object({
  account_id: z.string().min(1).meta({ title: 'Account ID' }),
  account_name: z.string().optional().meta({ title: 'Account name' }),
  attributes: attributesSchema.default({}),
});

export const setAccountAttributes = defineOperation({
  auth: totangoAuth,
  id: 'set_account_attributes',
  title: 'Set account attributes',
  description:
    "Create or update an account and its attributes (through Totango's HTTP collector; needs the Service ID).",
  input,
  output: collectorOutput,
  async execute({ input: i, auth, http, env }) {
    const params: Record<string, string> = {
      sdr_s: requireServiceId(auth, 'Set account attributes'),
      sdr_o: i.account_id,
    };
    if (i.account_name !== undefined) params['sdr_o.account_name'] = i.account_name;
    Object.assign(params, attributeParams('sdr_o', i.attributes));
    return sendToCollector(http, auth, env, params);
  },
});
