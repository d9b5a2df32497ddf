// The sObjects the fake knows, with the fields that describe returns and the query checks.
// Tests may add custom fields (`addField`) before use.

export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'picklist'
  | 'date'
  | 'datetime'
  | 'boolean'
  | 'int'
  | 'reference'
  | 'email';

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  /** Set by the service, refused on create and update (INVALID_FIELD_FOR_INSERT_UPDATE). */
  readOnly?: boolean;
  externalId?: boolean;
  /** For a reference: the relationship name used in SOQL (`Owner` for OwnerId). */
  relationshipName?: string;
  /** For a reference: the objects it may point at, as describe lists them. */
  referenceTo?: string[];
  picklistValues?: string[];
}

export interface ObjectDef {
  name: string;
  label: string;
  keyPrefix: string;
  fields: FieldDef[];
  /** Fields that must be present on create (REQUIRED_FIELD_MISSING). */
  required: string[];
  /** Task and Event: query hides archived rows, queryAll shows them. */
  activity: boolean;
}

const ro = (
  name: string,
  label: string,
  type: FieldType,
  more: Partial<FieldDef> = {},
): FieldDef => ({ name, label, type, readOnly: true, ...more });
const f = (
  name: string,
  label: string,
  type: FieldType,
  more: Partial<FieldDef> = {},
): FieldDef => ({ name, label, type, ...more });

const system = (): FieldDef[] => [
  ro('Id', 'Record ID', 'id'),
  ro('IsDeleted', 'Deleted', 'boolean'),
  ro('CreatedDate', 'Created Date', 'datetime'),
  ro('CreatedById', 'Created By ID', 'reference', {
    relationshipName: 'CreatedBy',
    referenceTo: ['User'],
  }),
  ro('LastModifiedDate', 'Last Modified Date', 'datetime'),
  ro('LastModifiedById', 'Last Modified By ID', 'reference', {
    relationshipName: 'LastModifiedBy',
    referenceTo: ['User'],
  }),
  ro('SystemModstamp', 'System Modstamp', 'datetime'),
];

const activity = (): FieldDef[] => [
  f('Subject', 'Subject', 'string'),
  f('Description', 'Description', 'textarea'),
  f('ActivityDate', 'Due Date Only', 'date'),
  f('OwnerId', 'Assigned To ID', 'reference', {
    relationshipName: 'Owner',
    referenceTo: ['Group', 'User'],
  }),
  f('WhatId', 'Related To ID', 'reference', {
    relationshipName: 'What',
    referenceTo: ['Account', 'Opportunity'],
  }),
  f('WhoId', 'Name ID', 'reference', { relationshipName: 'Who', referenceTo: ['Contact', 'Lead'] }),
  ro('AccountId', 'Account ID', 'reference', {
    relationshipName: 'Account',
    referenceTo: ['Account'],
  }),
  ro('IsArchived', 'Archived', 'boolean'),
];

export function defaultObjects(): Map<string, ObjectDef> {
  const defs: ObjectDef[] = [
    {
      name: 'User',
      label: 'User',
      keyPrefix: '005',
      activity: false,
      required: ['Username'],
      fields: [
        ...system(),
        f('Username', 'Username', 'string'),
        f('Email', 'Email', 'email'),
        f('Name', 'Full Name', 'string'),
      ],
    },
    {
      name: 'Account',
      label: 'Account',
      keyPrefix: '001',
      activity: false,
      required: ['Name'],
      fields: [
        ...system(),
        f('Name', 'Account Name', 'string'),
        f('OwnerId', 'Owner ID', 'reference', { relationshipName: 'Owner', referenceTo: ['User'] }),
        f('External_Id__c', 'External Id', 'string', { externalId: true }),
      ],
    },
    {
      name: 'Contact',
      label: 'Contact',
      keyPrefix: '003',
      activity: false,
      required: ['LastName'],
      fields: [
        ...system(),
        f('FirstName', 'First Name', 'string'),
        f('LastName', 'Last Name', 'string'),
        f('Email', 'Email', 'email'),
        f('AccountId', 'Account ID', 'reference', {
          relationshipName: 'Account',
          referenceTo: ['Account'],
        }),
      ],
    },
    {
      name: 'Lead',
      label: 'Lead',
      keyPrefix: '00Q',
      activity: false,
      required: ['LastName', 'Company'],
      fields: [
        ...system(),
        f('FirstName', 'First Name', 'string'),
        f('LastName', 'Last Name', 'string'),
        f('Company', 'Company', 'string'),
        f('Email', 'Email', 'email'),
      ],
    },
    {
      name: 'Task',
      label: 'Task',
      keyPrefix: '00T',
      activity: true,
      required: [],
      fields: [
        ...system(),
        ...activity(),
        f('Status', 'Status', 'picklist', {
          picklistValues: [
            'Not Started',
            'In Progress',
            'Completed',
            'Waiting on someone else',
            'Deferred',
          ],
        }),
        f('Priority', 'Priority', 'picklist', { picklistValues: ['High', 'Normal', 'Low'] }),
        ro('IsClosed', 'Closed', 'boolean'),
        f('External_Id__c', 'External Id', 'string', { externalId: true }),
      ],
    },
    {
      name: 'Event',
      label: 'Event',
      keyPrefix: '00U',
      activity: true,
      required: [],
      fields: [
        ...system(),
        ...activity(),
        f('ActivityDateTime', 'Due Date Time', 'datetime'),
        f('StartDateTime', 'Start Date Time', 'datetime'),
        f('EndDateTime', 'End Date Time', 'datetime'),
        f('DurationInMinutes', 'Duration', 'int'),
        f('IsAllDayEvent', 'All-Day Event', 'boolean'),
        f('Type', 'Type', 'picklist', { picklistValues: ['Call', 'Email', 'Meeting', 'Other'] }),
        f('Totango_Campaign_Touch_Id__c', 'Totango Campaign Touch Id', 'string', {
          externalId: true,
        }),
      ],
    },
  ];
  return new Map(defs.map((d) => [d.name, d]));
}

export function fieldOf(def: ObjectDef, name: string): FieldDef | undefined {
  const lower = name.toLowerCase();
  return def.fields.find((x) => x.name.toLowerCase() === lower);
}

/** `Owner` on Task → the OwnerId field. */
export function relationshipOf(def: ObjectDef, relationship: string): FieldDef | undefined {
  const lower = relationship.toLowerCase();
  return def.fields.find((x) => x.relationshipName?.toLowerCase() === lower);
}
