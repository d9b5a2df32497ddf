// The size bound on records for big values (a CSV's rows in a step's output, a loop's list):
// the marker says the whole value's size and keeps its first bytes exactly as JSON.stringify
// writes them, without ever building the whole text; a list shown again is measured once.
import { describe, expect, it } from 'vitest';
import { boundValue } from '../../engine/records/truncate.js';

const rows = Array.from({ length: 5000 }, (_, i) => ({
  id: i,
  name: `Acc "${i}" é ü 😀`,
  at: new Date(0),
  gone: undefined,
  nan: Number.NaN,
  list: [1, undefined, () => 1],
}));

describe('the record bound on big values', () => {
  it.each([
    ['a long list', rows],
    ['an object holding one', { rows }],
    ['nested and mixed', { a: 1, rows, b: [rows.slice(0, 300)] }],
  ])('cuts %s like JSON.stringify, with its exact size', (_name, value) => {
    const json = JSON.stringify(value);
    const marker = boundValue(value, 65536) as {
      $truncated: true;
      bytes: number;
      keptBytes: number;
      preview: string;
    };
    expect(marker.$truncated).toBe(true);
    expect(marker.bytes).toBe(Buffer.byteLength(json));
    expect(json.startsWith(marker.preview)).toBe(true);
    expect(marker.keptBytes).toBe(Buffer.byteLength(marker.preview));
    expect(marker.keptBytes).toBeLessThanOrEqual(65536);
    expect(marker.keptBytes).toBeGreaterThan(65530);
  });

  it('keeps a long list that fits whole, and measures a list again once it grew', () => {
    const small = Array.from({ length: 300 }, (_, i) => i);
    expect(boundValue(small, 65536)).toBe(small);
    const growing = Array.from({ length: 300 }, (_, i) => `item ${i}`);
    expect(boundValue({ growing }, 65536)).toEqual({ growing });
    for (let i = 0; i < 20_000; i++) growing.push(`item ${i}`);
    expect(boundValue({ growing }, 65536)).toMatchObject({
      bytes: Buffer.byteLength(JSON.stringify({ growing })),
    });
  });

  it('says a value with a cycle cannot be shown instead of failing', () => {
    const cyclic: unknown[] = Array.from({ length: 400 }, (_, i) => i);
    cyclic.push(cyclic);
    expect(boundValue(cyclic, 65536)).toMatchObject({ $unserializable: true });
  });
});
