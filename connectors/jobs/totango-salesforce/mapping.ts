// Field mappings between a Salesforce object and a Totango record, and the default templates
// of Totango's own Salesforce integration (seed document "Synchronize tasks and touchpoints
// with Salesforce"). Totango fields use the API names (title, due_date, …); the table in
// docs/sync.md gives the labels Totango shows ("Title", "Due Date", …).
import { z } from 'zod';
import { StepError } from '../../../engine/errors/step-error.js';
import { conversionNames } from './convert.js';

export const mappingEntry = z.object({
  salesforce: z
    .string()
    .regex(
      /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$/,
      'must be a field API name such as Subject or Owner.Email',
    )
    .meta({ title: 'Salesforce field' }),
  totango: z.string().min(1).meta({ title: 'Totango field' }),
  convert: z.enum(conversionNames).default('none').meta({ title: 'Conversion' }),
});
export type MappingEntry = z.output<typeof mappingEntry>;

/**
 * Entries on these fields are the keys and clocks of the sync, handled by the sync itself:
 * the account binding (AccountId ⇄ account_id, never changed after creation), the link
 * (Id ⇄ external_id, stored lowercase in Totango) and the last-update times used for
 * "last update wins". They stay in the templates so the mapping reads like Totango's.
 */
export const SYNC_KEYS = {
  salesforce: ['Id', 'AccountId', 'LastModifiedDate', 'SystemModstamp'],
  totango: ['account_id', 'external_id', 'last_updated', 'id', 'campaign_touch_id'],
};

export function isKeyEntry(e: MappingEntry): boolean {
  return SYNC_KEYS.salesforce.includes(e.salesforce) || SYNC_KEYS.totango.includes(e.totango);
}

const m = (
  salesforce: string,
  totango: string,
  convert: MappingEntry['convert'] = 'none',
): MappingEntry => ({ salesforce, totango, convert });

export const TEMPLATES = {
  tasksInbound: [
    m('AccountId', 'account_id'),
    m('Id', 'external_id'),
    m('Subject', 'title'),
    m('Description', 'description'),
    m('Priority', 'priority', 'priority'),
    m('Status', 'status', 'status'),
    m('ActivityDate', 'due_date', 'date'),
    m('Owner.Email', 'assignee'),
    m('CreatedBy.Email', 'assigner'),
    m('CreatedDate', 'create_date', 'datetime_epoch'),
    m('LastModifiedDate', 'last_updated', 'datetime_epoch'),
  ],
  tasksOutbound: [
    m('AccountId', 'account_id'),
    m('Id', 'external_id'),
    m('Subject', 'title'),
    m('Description', 'description'),
    m('Priority', 'priority', 'priority'),
    m('Status', 'status', 'status'),
    m('ActivityDate', 'due_date', 'date'),
    m('OwnerId', 'assignee', 'user_email'),
  ],
  touchpointsInbound: [
    m('AccountId', 'account_id'),
    m('Id', 'external_id'),
    m('Subject', 'subject'),
    m('Description', 'content'),
    m('ActivityDate', 'create_date', 'date_epoch'),
    m('CreatedBy.Email', 'created_by'),
    m('LastModifiedDate', 'last_updated', 'datetime_epoch'),
    m('LastModifiedBy.Email', 'last_updater'),
  ],
  touchpointsOutbound: [
    m('AccountId', 'account_id'),
    m('Id', 'external_id'),
    m('Subject', 'subject'),
    m('Description', 'content'),
    m('ActivityDate', 'create_date', 'date_epoch'),
    m('OwnerId', 'created_by', 'user_email'),
  ],
  campaignTouchesOutbound: [
    m('AccountId', 'account_id'),
    m('Totango_Campaign_Touch_Id__c', 'campaign_touch_id'),
    m('Subject', 'subject'),
    m('Description', 'description'),
    m('ActivityDate', 'start_date', 'date_epoch'),
    m('OwnerId', 'created_by', 'user_email'),
  ],
} satisfies Record<string, MappingEntry[]>;

export function mappingInput(template: MappingEntry[]) {
  return z.array(mappingEntry).default(template).meta({
    title: 'Field mapping',
    description:
      "Which Salesforce field goes with which Totango field. Defaults to Totango's template; edit to add or drop fields.",
  });
}

/** The plain (non-key) entries: the fields a sync compares and copies. */
export function plainEntries(mapping: MappingEntry[]): MappingEntry[] {
  return mapping.filter((e) => !isKeyEntry(e));
}

/** A field of a queried record, following one relationship (`Owner.Email`). */
export function sfValue(record: Record<string, unknown>, path: string): unknown {
  const [head, tail] = path.split('.');
  const v = record[head];
  if (tail === undefined) return v ?? null;
  return v && typeof v === 'object' ? ((v as Record<string, unknown>)[tail] ?? null) : null;
}

/** Only direct fields can be written to Salesforce (the seed: "not possible to map to reference fields"). */
export function writableToSalesforce(e: MappingEntry): boolean {
  return (
    !e.salesforce.includes('.') &&
    !['CreatedById', 'CreatedDate', 'LastModifiedById'].includes(e.salesforce)
  );
}

/** Who created a record and when is set once: such entries are written on create and never compared or updated. */
export function createOnly(e: MappingEntry): boolean {
  return (
    e.salesforce.startsWith('CreatedBy.') ||
    e.salesforce === 'CreatedById' ||
    e.salesforce === 'CreatedDate'
  );
}

/** The Totango fields each kind of record has (API names), for checking a mapping before a run. */
export const TOTANGO_FIELDS = {
  task: [
    'account_id',
    'external_id',
    'last_updated',
    'id',
    'title',
    'description',
    'priority',
    'status',
    'due_date',
    'assignee',
    'activity_type_id',
    'assigner',
    'create_date',
  ],
  touchpoint: [
    'account_id',
    'external_id',
    'last_updated',
    'id',
    'subject',
    'content',
    'create_date',
    'created_by',
    'activity_type_id',
    'last_updater',
  ],
  campaign_touch: [
    'account_id',
    'campaign_touch_id',
    'subject',
    'description',
    'start_date',
    'created_by',
  ],
} as const;

/** A mapping naming a Totango field the record does not have is an input error that names the entry. */
export function checkMapping(mapping: MappingEntry[], kind: keyof typeof TOTANGO_FIELDS): void {
  const known: readonly string[] = TOTANGO_FIELDS[kind];
  mapping.forEach((e, i) => {
    if (!known.includes(e.totango)) {
      throw new StepError(
        'INPUT_INVALID',
        `Field mapping entry ${i} (counting from 0) names the Totango field "${e.totango}", which a Totango ${kind.replace('_', ' ')} does not have. Use one of: ${known.join(', ')}.`,
        {
          details: { field: `mapping.${i}.totango`, value: e.totango, known },
        },
      );
    }
  });
}
