// Pieces every Salesforce operation shares: input fields that end up in URL paths (checked,
// so a value can never change which resource is called), the limit-info output, and the
// session from an operation's context.
import { z } from 'zod';
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
  });

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
