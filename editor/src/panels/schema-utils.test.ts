import { describe, expect, it } from 'vitest';
import { acceptsString, fieldKind, humanize, unwrap } from './schema-utils.js';

describe('schema-utils', () => {
  it('picks the form control for each JSON Schema the server sends', () => {
    expect(fieldKind({ type: 'string', enum: ['accounts', 'users'] })).toBe('enum');
    expect(fieldKind({ type: 'boolean' })).toBe('boolean');
    expect(fieldKind({ type: 'integer' })).toBe('number');
    expect(fieldKind({ anyOf: [{ type: 'string' }, { type: 'null' }] })).toBe('string');
    expect(fieldKind({ type: 'object', properties: { a: { type: 'string' } } })).toBe('object');
    expect(fieldKind({ anyOf: [{ type: 'string' }, { type: 'object' }] })).toBe('json');
    expect(fieldKind({ type: 'array', items: {} })).toBe('json');
  });

  it('lets JSON text fields keep text only where a string is allowed', () => {
    expect(acceptsString({ anyOf: [{ type: 'string' }, { type: 'object' }] })).toBe(true);
    expect(acceptsString({ type: 'array' })).toBe(false);
  });

  it('unwraps a nullable schema and keeps its title, and humanizes keys', () => {
    expect(unwrap({ title: 'Thread', anyOf: [{ type: 'string' }, { type: 'null' }] })).toMatchObject({ type: 'string', title: 'Thread' });
    expect(humanize('thread_ts')).toBe('Thread ts');
    expect(humanize('maxRecords')).toBe('Max records');
  });
});
