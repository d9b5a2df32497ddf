// The mapper connector: map_object, map_list and map_value, normal cases and bad inputs.
import { describe, expect, it } from 'vitest';
import { fails, ok } from './helpers.js';

const sfContact = {
  Id: '003A',
  Name: 'Ada',
  Owner: { Email: 'owner@x.com' },
  Tags: ['vip'],
  Stage: 'Closed Won',
};
const mappings = [
  { from: 'Id', to: 'id' },
  { from: 'Owner.Email', to: 'owner.email' },
  { from: 'Tags.0', to: 'first_tag' },
  { from: 'Region', to: 'region', default: 'EMEA' },
  { from: 'Missing', to: 'left_out' },
];

describe('mapper connector', () => {
  it('map_object copies fields to new paths, with defaults; a missing field without default is left out', async () => {
    expect(await ok('mapper', 'map_object', { data: sfContact, mappings })).toEqual({
      result: { id: '003A', owner: { email: 'owner@x.com' }, first_tag: 'vip', region: 'EMEA' },
    });
  });

  it('map_object keeps the unmapped fields when asked', async () => {
    const out = (await ok('mapper', 'map_object', {
      data: sfContact,
      mappings: [{ from: 'Id', to: 'id' }],
      keepUnmapped: true,
    })) as { result: Record<string, unknown> };
    expect(out.result).toEqual({
      id: '003A',
      Name: 'Ada',
      Owner: sfContact.Owner,
      Tags: ['vip'],
      Stage: 'Closed Won',
    });
  });

  it('map_object bad inputs', async () => {
    await fails('mapper', 'map_object', { data: [1], mappings }, 'INPUT_INVALID', 'data');
    await fails('mapper', 'map_object', { data: {}, mappings: [] }, 'INPUT_INVALID', 'mappings');
    await fails(
      'mapper',
      'map_object',
      { data: {}, mappings: [{ from: 'a' }] },
      'INPUT_INVALID',
      'mappings.0.to',
    );
    await fails(
      'mapper',
      'map_object',
      { data: {}, mappings: [{ from: 'a', to: 'b..c' }] },
      'INPUT_INVALID',
      'mappings.0.to',
    );
    await fails(
      'mapper',
      'map_object',
      { data: {}, mappings, keepUnmapped: 'yes' },
      'INPUT_INVALID',
      'keepUnmapped',
    );
  });

  it('map_list maps every record; a record that is not an object is named', async () => {
    expect(
      await ok('mapper', 'map_list', {
        list: [sfContact, { Id: '003B' }],
        mappings: [{ from: 'Id', to: 'id' }],
      }),
    ).toEqual({ results: [{ id: '003A' }, { id: '003B' }] });
    await fails(
      'mapper',
      'map_list',
      { list: [sfContact, 'x'], mappings },
      'INPUT_INVALID',
      'list.1',
    );
    await fails('mapper', 'map_list', { list: sfContact, mappings }, 'INPUT_INVALID', 'list');
  });

  it('map_value translates with a table, case-insensitively when asked, else the default', async () => {
    const map = { 'Closed Won': 'won', 'Closed Lost': 'lost', 1: 'one' };
    expect(await ok('mapper', 'map_value', { value: 'Closed Won', map })).toEqual({
      result: 'won',
      matched: true,
    });
    expect(await ok('mapper', 'map_value', { value: 'closed won', map })).toEqual({
      result: null,
      matched: false,
    });
    expect(
      await ok('mapper', 'map_value', { value: 'closed won', map, caseSensitive: false }),
    ).toEqual({
      result: 'won',
      matched: true,
    });
    expect(await ok('mapper', 'map_value', { value: 1, map })).toEqual({
      result: 'one',
      matched: true,
    });
    expect(await ok('mapper', 'map_value', { value: 'x', map, default: 'other' })).toEqual({
      result: 'other',
      matched: false,
    });
    expect(await ok('mapper', 'map_value', { value: 'toString', map })).toEqual({
      result: null,
      matched: false,
    });
    await fails('mapper', 'map_value', { value: { a: 1 }, map }, 'INPUT_INVALID', 'value');
    await fails('mapper', 'map_value', { value: 'a', map: ['a'] }, 'INPUT_INVALID', 'map');
    await fails('mapper', 'map_value', { value: 'a' }, 'INPUT_INVALID', 'map');
  });
});
