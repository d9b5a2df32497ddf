// Field mappings between a Salesforce object and a Totango record, and the default templates
// of Totango's own Salesforce integration (seed document "Synchronize tasks and touchpoints
// with Salesforce"). Totango fields use the API names (title, due_date, …); the table in
// docs/sync.md gives the labels Totango shows ("Title", "Due Date", …).
import { z } from 'zod';
import { fieldChoices } from '../../salesforce/index.js';
import { conversionNames } from './convert.js';

const salesforceField = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$/,
    'must be a field API name such as Subject or Owner.Email',
  )
  .meta({ title: 'Salesforce field' });

export const mappingEntry = z.object({
  salesforce: salesforceField,
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
    // The seed: participants go both ways through Event WhoId (inbound creates them once).
    m('WhoId', 'participants', 'participants'),
  ],
  touchpointsOutbound: [
    m('AccountId', 'account_id'),
    m('Id', 'external_id'),
    m('Subject', 'subject'),
    m('Description', 'content'),
    m('ActivityDate', 'create_date', 'date_epoch'),
    m('OwnerId', 'created_by', 'user_email'),
    m('WhoId', 'participants', 'participants'),
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

/**
 * The mapping input of a job: Totango's template by default; each row's Totango field must be
 * one the record has (a validate problem and an input error naming the row), and the editor
 * offers the Salesforce object's fields for each row's Salesforce field.
 */
export function mappingInput(
  template: MappingEntry[],
  sfObject: 'Task' | 'Event',
  kind: keyof typeof TOTANGO_FIELDS,
) {
  const entry = mappingEntry.extend({
    salesforce: salesforceField.meta(fieldChoices({ object: sfObject })),
  });
  return z
    .array(entry)
    .default(template)
    .superRefine((rows, ctx) => {
      for (const problem of unknownTotangoFields(rows, kind))
        ctx.addIssue({ code: 'custom', path: [problem.row, 'totango'], message: problem.message });
    })
    .meta({
      title: 'Field mapping',
      description:
        "Which Salesforce field goes with which Totango field. Defaults to Totango's template; edit to add or drop fields.",
    });
}

/** How a person names a mapping row: its number counting from 1, and what it maps. */
export function rowName(row: number, e: { salesforce: string; totango: string }): string {
  return `Mapping row ${row + 1} (${e.salesforce} → ${e.totango})`;
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

/**
 * Written when an inbound job creates a record, never compared or updated afterwards: who
 * created it and when, and a touchpoint's participants (the seed: "we create the participants
 * in Totango but if after that the user changes the participants in Salesforce, we do not
 * update it").
 */
export function createOnly(e: MappingEntry): boolean {
  return (
    e.salesforce.startsWith('CreatedBy.') ||
    e.salesforce === 'CreatedById' ||
    e.salesforce === 'CreatedDate' ||
    e.totango === 'participants'
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
    'participants',
  ],
  campaign_touch: [
    'account_id',
    'campaign_touch_id',
    'subject',
    'description',
    'start_date',
    'created_by',
    'campaign_name',
    'campaign_type',
    'user_count',
    'sender',
  ],
} as const;

/** The rows naming a Totango field the record does not have, each with a message naming the row. */
export function unknownTotangoFields(
  mapping: { salesforce: string; totango: string }[],
  kind: keyof typeof TOTANGO_FIELDS,
): { row: number; message: string }[] {
  const known: readonly string[] = TOTANGO_FIELDS[kind];
  return mapping.flatMap((e, row) =>
    known.includes(e.totango)
      ? []
      : [
          {
            row,
            message: `${rowName(row, e)}: a Totango ${kind.replace('_', ' ')} has no field "${e.totango}". Use one of: ${known.join(', ')}.`,
          },
        ],
  );
}
