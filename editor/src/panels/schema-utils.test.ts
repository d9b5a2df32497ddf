import { describe, expect, it } from 'vitest';
import { acceptsString, emptyValue, fieldKind, humanize, unwrap } from './schema-utils.js';

describe('schema-utils', () => {
  it('picks the form control for each JSON Schema the server sends', () => {
    expect(fieldKind({ type: 'string', enum: ['accounts', 'users'] })).toBe('enum');
    expect(fieldKind({ type: 'boolean' })).toBe('boolean');
    expect(fieldKind({ type: 'integer' })).toBe('number');
    expect(fieldKind({ anyOf: [{ type: 'string' }, { type: 'null' }] })).toBe('string');
    expect(fieldKind({ type: 'object', properties: { a: { type: 'string' } } })).toBe('object');
    expect(fieldKind({ anyOf: [{ type: 'string' }, { type: 'object' }] })).toBe('json');
    expect(fieldKind({ type: 'array', items: {} })).toBe('json');
    expect(fieldKind({ type: 'array', items: { type: 'string' } })).toBe('array');
    expect(
      fieldKind({
        type: 'array',
        items: { type: 'object', properties: { term: { type: 'string' } } },
      }),
    ).toBe('array');
    // z.record: headers, query parameters, a record's fields.
    expect(
      fieldKind({ type: 'object', propertyNames: { type: 'string' }, additionalProperties: {} }),
    ).toBe('record');
    expect(
      fieldKind({
        type: 'object',
        additionalProperties: { type: ['string', 'number', 'boolean'] },
      }),
    ).toBe('record');
  });

  it('lets JSON text fields keep text only where a string is allowed', () => {
    expect(acceptsString({ anyOf: [{ type: 'string' }, { type: 'object' }] })).toBe(true);
    expect(acceptsString({ type: 'array' })).toBe(false);
  });

  it('unwraps a nullable schema and keeps its title, and humanizes keys', () => {
    expect(
      unwrap({ title: 'Thread', anyOf: [{ type: 'string' }, { type: 'null' }] }),
    ).toMatchObject({ type: 'string', title: 'Thread' });
    expect(humanize('thread_ts')).toBe('Thread ts');
    expect(humanize('maxRecords')).toBe('Max records');
  });

  it("starts a new list row with a blank value of the item's kind", () => {
    expect(emptyValue({ type: 'string' })).toBe('');
    expect(emptyValue({ type: 'string', enum: ['asc', 'desc'] })).toBe('asc');
    expect(emptyValue({ type: 'integer', default: 100 })).toBe(100);
    expect(emptyValue({ type: 'object', properties: { a: {} } })).toEqual({});
  });
});
