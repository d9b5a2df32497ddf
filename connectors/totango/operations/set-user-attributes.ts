// set_user_attributes: an upsert through the collector. Totango reads the Contact and Key
// Contact flags only as lowercase "yes"/"no", so any spelling the user types is lowercased.
import { z } from 'zod';
import { defineOperation } from '../../sdk/types.js';
import { totangoAuth } from '../auth.js';
import {
  attributeParams,
  requireServiceId,
  sendToCollector,
  type Attributes,
} from '../collector.js';
import { attributesSchema, collectorOutput } from './set-account-attributes.js';

const yesNo = z.preprocess(
  (v) =>
    typeof v === 'boolean'
      ? v
        ? 'yes'
        : 'no'
      : typeof v === 'string'
        ? v.trim().toLowerCase()
        : v,
  z.enum(['yes', 'no']),
);

const input = z.object({
  account_id: z.string().min(1).meta({ title: 'Account ID' }),
  user_id: z.string().min(1).meta({ title: 'User ID', description: 'Usually the e-mail address.' }),
  attributes: attributesSchema.default({}),
  contact: yesNo.optional().meta({
    title: 'Contact',
    description: 'yes: show the user as a contact; no: remove the contact, keep the user.',
  }),
  key_contact: yesNo
    .optional()
    .meta({ title: 'Key contact', description: 'yes: mark as key contact; no: remove the mark.' }),
});

const FLAGS = new Set(['contact', 'key contact']);

/** An attribute named Contact / Key Contact typed by hand gets the same lowercasing. */
function lowercaseFlags(attributes: Attributes): Attributes {
  return Object.fromEntries(
    Object.entries(attributes).map(([k, v]) => [
      k,
      FLAGS.has(k.toLowerCase()) && typeof v === 'string' ? v.trim().toLowerCase() : v,
    ]),
  );
}

export const setUserAttributes = defineOperation({
  auth: totangoAuth,
  id: 'set_user_attributes',
  title: 'Set user attributes',
  description:
    'Create or update a user of an account, its attributes and its Contact / Key Contact flags (through the HTTP collector; needs the Service ID).',
  input,
  output: collectorOutput,
  async execute({ input: i, auth, http, env }) {
    const attributes: Attributes = lowercaseFlags(i.attributes);
    if (i.contact) attributes.Contact = i.contact;
    if (i.key_contact) attributes['Key Contact'] = i.key_contact;
    const params = {
      sdr_s: requireServiceId(auth, 'Set user attributes'),
      sdr_o: i.account_id,
      sdr_u: i.user_id,
      ...attributeParams('sdr_u', attributes),
    };
    return sendToCollector(http, auth, env, params);
  },
});
