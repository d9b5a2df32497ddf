// Dynamic choices (connectors/README.md "Dynamic choices"): the declarations GET /api/connectors
// carries for the editor's pickers, each naming an operation, inputs and output properties that
// exist; and one of each kind followed by hand against the fakes, as the editor will.
import { afterEach, describe, expect, it } from 'vitest';
import { createCatalog, describeConnectors } from '../../connectors/index.js';
import type { DynamicChoices } from '../../connectors/sdk/choices.js';
import { startFakeSalesforce, type FakeSalesforce } from '../fakes/salesforce.js';
import { sfEnv, sfFields } from '../fakes/salesforce/call.js';
import { totangoHarness, type TotangoHarness } from '../fakes/totango/harness.js';
import { callOperation } from '../helpers/call-operation.js';

type Schema = Record<string, unknown>;
interface Found {
  connector: string;
  operation: string;
  path: string;
  choices: DynamicChoices;
}

function walk(schema: unknown, path: string, out: { path: string; choices: DynamicChoices }[]) {
  if (!schema || typeof schema !== 'object') return;
  const s = schema as Schema;
  if (s.choices) out.push({ path, choices: s.choices as DynamicChoices });
  for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, unknown>))
    walk(v, path ? `${path}.${k}` : k, out);
  if (s.items) walk(s.items, `${path}[]`, out);
  for (const key of ['anyOf', 'oneOf', 'allOf'])
    for (const v of (s[key] as unknown[] | undefined) ?? []) walk(v, path, out);
  if (s.additionalProperties && typeof s.additionalProperties === 'object')
    walk(s.additionalProperties, `${path}.*`, out);
}

/** The sub-schema at a dotted path of properties (`fields`, `types`), through optional wrappers. */
function at(schema: unknown, path: string): Schema | undefined {
  let cur = schema as Schema | undefined;
  for (const part of path.split('.')) {
    const props = cur?.properties as Record<string, Schema> | undefined;
    cur = props?.[part];
  }
  return cur;
}

const connectors = describeConnectors();
const all: Found[] = connectors.flatMap((c) =>
  c.operations.flatMap((o) => {
    const out: { path: string; choices: DynamicChoices }[] = [];
    walk(o.input, '', out);
    return out.map((f) => ({ connector: c.name, operation: o.name, ...f }));
  }),
);
const byPlace = (connector: string, operation: string, path: string) =>
  all.find((f) => f.connector === connector && f.operation === operation && f.path === path)
    ?.choices;

describe('dynamic choices in GET /api/connectors', () => {
  it('are declared where Totango and Salesforce take a choice from the service', () => {
    const flows = {
      operation: 'list_activity_types',
      items: 'types',
      value: 'id',
      label: 'name',
    };
    expect(byPlace('totango', 'create_touchpoint', 'activity_type_id')).toEqual(flows);
    expect(byPlace('totango', 'create_task', 'activity_type_id')).toEqual(flows);
    expect(byPlace('totango', 'update_task', 'activity_type_id')).toEqual(flows);
    expect(byPlace('totango', 'update_touchpoint', 'activity_type_id')).toEqual(flows);
    expect(byPlace('totango', 'create_touchpoint', 'touchpointType')).toEqual({
      operation: 'list_touchpoint_types',
      items: 'types',
      value: 'id',
      label: 'name',
    });
    expect(byPlace('salesforce', 'get_record', 'object')).toEqual({
      operation: 'list_objects',
      items: 'objects',
      value: 'name',
      label: 'label',
    });
    expect(byPlace('salesforce', 'upsert_record', 'externalIdField')).toEqual({
      operation: 'describe_object',
      input: { object: { field: 'object' } },
      items: 'fields',
      value: 'name',
      label: 'label',
      where: { externalId: true },
    });
    expect(byPlace('salesforce', 'create_record', 'fields')).toMatchObject({
      operation: 'describe_object',
      fills: 'key',
      where: { createable: true },
    });
    expect(byPlace('salesforce', 'get_record', 'fields[]')).toMatchObject({
      operation: 'describe_object',
    });
    expect(byPlace('slack', 'send_message', 'channel')).toEqual({
      operation: 'list_channels',
      input: { excludeArchived: true },
      items: 'channels',
      value: 'id',
      label: 'name',
    });
  });

  it('each names an operation that only reads (POST /api/choices runs it for the editor)', () => {
    const writes = all
      .filter((f) => {
        const c = connectors.find((x) => x.name === (f.choices.connector ?? f.connector));
        return !c?.operations.find((o) => o.name === f.choices.operation)?.readOnly;
      })
      .map((f) => `${f.connector}.${f.operation} ${f.path}: ${f.choices.operation}`);
    expect(writes).toEqual([]);
  });

  it('each names an operation, its input fields and the listed properties that exist', () => {
    expect(all.length).toBeGreaterThan(10);
    const problems: string[] = [];
    for (const f of all) {
      const where = `${f.connector}.${f.operation} ${f.path}`;
      const c = connectors.find((x) => x.name === (f.choices.connector ?? f.connector));
      const op = c?.operations.find((o) => o.name === f.choices.operation);
      if (!op) {
        problems.push(`${where}: no operation ${f.choices.operation}`);
        continue;
      }
      const own = connectors
        .find((x) => x.name === f.connector)!
        .operations.find((o) => o.name === f.operation)!;
      for (const [name, value] of Object.entries(f.choices.input ?? {})) {
        if (!at(op.input, name)) problems.push(`${where}: ${op.name} has no input ${name}`);
        if (value && typeof value === 'object' && !at(own.input, value.field))
          problems.push(`${where}: refers to input ${value.field}, which ${f.operation} lacks`);
      }
      const list = at(op.output, f.choices.items);
      const item = list?.items as Schema | undefined;
      if (list?.type !== 'array' || !item) {
        problems.push(`${where}: ${op.name} has no list at ${f.choices.items}`);
        continue;
      }
      for (const key of [f.choices.value, f.choices.label, ...Object.keys(f.choices.where ?? {})])
        if (!at(item, key)) problems.push(`${where}: the items have no ${key}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('following a declaration as the editor will', () => {
  let tt: TotangoHarness | undefined;
  let sf: FakeSalesforce | undefined;
  afterEach(async () => {
    await tt?.close();
    await sf?.close();
    tt = sf = undefined;
  });

  it("lists Totango's activity types for create_touchpoint's Flow field", async () => {
    tt = await totangoHarness();
    const c = byPlace('totango', 'create_touchpoint', 'activity_type_id')!;
    const out = (await tt.call(c.operation, {})) as Record<string, { id: string; name: string }[]>;
    const offered = out[c.items].map((i) => [
      (i as Record<string, unknown>)[c.value],
      (i as Record<string, unknown>)[c.label],
    ]);
    expect(offered).toEqual([
      ['renewal', 'Renewal'],
      ['adoption', 'Adoption'],
      ['onboarding', 'Onboarding'],
    ]);
  });

  it("lists Salesforce objects, then the chosen object's external id fields for upsert", async () => {
    sf = await startFakeSalesforce();
    const catalog = createCatalog(sfEnv(sf));
    const auth = { id: 'sf-choices', connector: 'salesforce', fields: sfFields(sf) };
    const objects = byPlace('salesforce', 'upsert_record', 'object')!;
    const listed = (await callOperation(
      catalog,
      'salesforce',
      objects.operation,
      {},
      { auth },
    )) as {
      objects: { name: string }[];
    };
    expect(listed.objects.map((o) => o.name)).toEqual(
      expect.arrayContaining(['Account', 'Task', 'Event', 'Contact']),
    );
    const field = byPlace('salesforce', 'upsert_record', 'externalIdField')!;
    const step = { object: 'Event' };
    const input = Object.fromEntries(
      Object.entries(field.input ?? {}).map(([k, v]) => [
        k,
        v && typeof v === 'object' ? step[v.field as keyof typeof step] : v,
      ]),
    );
    const described = (await callOperation(catalog, 'salesforce', field.operation, input, {
      auth,
    })) as Record<string, Record<string, unknown>[]>;
    const offered = described[field.items]
      .filter((i) => Object.entries(field.where ?? {}).every(([k, v]) => i[k] === v))
      .map((i) => i[field.value]);
    expect(offered).toEqual(['Totango_Campaign_Touch_Id__c']);
  });
});
