// Pieces every Salesforce operation shares: input fields that end up in URL paths (checked,
// so a value can never change which resource is called), the limit-info output, and the
// session from an operation's context.
import { z } from 'zod';
import { choices } from '../sdk/choices.js';
import type { OperationContext } from '../sdk/types.js';
import type { SalesforceAuthFields } from './auth.js';
import { openSession, type SalesforceSession } from './session.js';

export const objectName = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_]*$/,
    'must be an object API name such as Task, Account or Invoice__c',
  )
  .meta({
    title: 'Object',
    description:
      'The API name of the Salesforce object, e.g. Task, Event, Account or a custom object ending in __c.',
    ...choices({ operation: 'list_objects', items: 'objects', value: 'name', label: 'label' }),
  });

/**
 * The editor's picker for a field of the object named by the step's `object` input (or of a
 * fixed object): the fields describe_object lists, optionally only those with a property set.
 */
export function fieldChoices(
  opts: { object?: string; where?: Record<string, boolean>; fills?: 'value' | 'key' } = {},
) {
  return choices({
    operation: 'describe_object',
    input: { object: opts.object ?? { field: 'object' } },
    items: 'fields',
    value: 'name',
    label: 'label',
    ...(opts.where ? { where: opts.where } : {}),
    ...(opts.fills ? { fills: opts.fills } : {}),
  });
}

export const fieldName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be a field API name such as External_Id__c');

export const recordId = z
  .string()
  .regex(
    /^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$/,
    'must be a Salesforce record id of 15 or 18 letters and digits',
  )
  .meta({ title: 'Record id' });

export const fieldValues = z.record(z.string(), z.unknown()).meta({
  title: 'Fields',
  description: 'Field API names and values, e.g. { "Subject": "Call", "Priority": "High" }.',
});

export const limitInfo = z
  .object({ used: z.number().int(), max: z.number().int() })
  .optional()
  .meta({
    title: 'API usage',
    description: "The org's API calls used today and its daily allowance (from Sforce-Limit-Info).",
  });

/** Open (or reuse) the session of the step's Salesforce authentication. */
export function session(
  ctx: OperationContext<unknown, SalesforceAuthFields>,
): Promise<SalesforceSession> {
  return openSession({
    fields: ctx.auth,
    env: ctx.env,
    signal: ctx.signal,
    authId: ctx.authId,
    log: ctx.log,
    onSecret: ctx.secret,
  });
}

/** Split a list into chunks of `size` (sObject Collections take 200 records a call). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
