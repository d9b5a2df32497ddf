import { describe, expect, it } from 'vitest';
import { choicesQuery, declarationOf, notReady } from './choices.js';

const externalId = {
  operation: 'describe_object',
  input: { object: { field: 'object' } },
  items: 'fields',
  value: 'name',
  label: 'label',
  where: { externalId: true },
};
const step = (input: Record<string, unknown>, auth?: string | Record<string, string>) => ({
  connector: 'salesforce',
  operation: 'upsert_record',
  auth,
  input,
});

describe('dynamic choices in the editor', () => {
  it('reads a declaration from a field schema, and nothing from one without', () => {
    expect(declarationOf({ type: 'string', choices: externalId })).toEqual(externalId);
    expect(declarationOf({ type: 'string' })).toBeNull();
  });

  it('asks for a list only with an authentication and the fields it depends on filled in', () => {
    expect(notReady(externalId, step({ object: 'Event' }))).toContain('Pick an authentication');
    expect(notReady(externalId, step({}, 'auth_1'))).toContain('Fill in "object" first');
    expect(
      notReady(externalId, step({ object: { $jsonpath: '$.trigger.kind' } }, 'auth_1')),
    ).toContain('is mapped');
    expect(notReady(externalId, step({ object: 'Event' }, 'auth_1'))).toBeNull();
    // A sync step names one authentication per service: the listing connector's is the one.
    const flows = {
      operation: 'list_activity_types',
      connector: 'totango',
      items: 'types',
      value: 'id',
      label: 'name',
    };
    expect(notReady(flows, step({}, { salesforce: 'auth_sf' }))).toContain(
      'Pick an authentication',
    );
    expect(notReady(flows, step({}, { salesforce: 'auth_sf', totango: 'auth_tt' }))).toBeNull();
  });

  it('sends only the inputs the list depends on (so other edits reuse the list)', () => {
    const query = choicesQuery(
      externalId,
      step({ object: 'Event', fields: { Subject: 'x' } }, 'auth_1'),
      'externalIdField',
    );
    expect(query).toEqual({
      connector: 'salesforce',
      operation: 'upsert_record',
      field: 'externalIdField',
      auth: 'auth_1',
      input: { object: 'Event' },
    });
  });
});
