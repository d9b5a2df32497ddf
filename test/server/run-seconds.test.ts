import { describe, expect, it } from 'vitest';
import { runSeconds, secondsBetween } from '../../server/services/run-seconds.js';
import type { RunJson } from '../../server/services/run-json.js';

const run = (over: Partial<RunJson>): RunJson =>
  ({
    id: 'run_1',
    status: 'succeeded',
    createdAt: '2026-12-04T10:00:00.000Z',
    startedAt: '2026-12-04T10:00:01.250Z',
    finishedAt: '2026-12-04T10:00:03.500Z',
    ...over,
  }) as RunJson;

describe('run seconds', () => {
  it('counts from the start, or from creation for a run that never started; null while it runs', () => {
    expect(runSeconds(run({}))).toBe(2.25);
    expect(runSeconds(run({ startedAt: null }))).toBe(3.5);
    expect(runSeconds(run({ status: 'running', finishedAt: null }))).toBeNull();
  });
});

describe('seconds between two stored times', () => {
  it('agrees with Date.parse on the same day, across midnight, months and years, and on other forms', () => {
    const pairs: [string, string][] = [
      ['2026-12-04T10:00:01.250Z', '2026-12-04T10:00:03.500Z'],
      ['2026-12-04T00:00:00.000Z', '2026-12-04T23:59:59.999Z'],
      ['2026-12-04T23:59:59.900Z', '2026-12-05T00:00:00.100Z'],
      ['2026-01-31T12:00:00.000Z', '2026-02-01T12:00:00.000Z'],
      ['2025-12-31T23:59:59.000Z', '2026-01-01T00:00:01.000Z'],
      ['2026-12-04T10:00:05.000Z', '2026-12-04T10:00:01.000Z'],
      // Not toISOString's form: Date.parse reads them.
      ['2026-12-04T10:00:01Z', '2026-12-04T10:00:03.5Z'],
      ['2026-12-04T10:00:01.000+01:00', '2026-12-04T10:00:01.000Z'],
    ];
    for (let i = 0; i < 200; i++) {
      const a = Date.UTC(2026, 0, 1) + Math.floor(Math.random() * 400 * 86_400_000);
      const b = a + Math.floor(Math.random() * 2 * 86_400_000);
      pairs.push([new Date(a).toISOString(), new Date(b).toISOString()]);
    }
    for (const [from, to] of pairs)
      expect(secondsBetween(from, to)).toBeCloseTo((Date.parse(to) - Date.parse(from)) / 1000, 9);
  });

  it('is not fooled by a time of the right length with letters in its digits', () => {
    expect(secondsBetween('2026-12-04T10:00:0x.000Z', '2026-12-04T10:00:03.000Z')).toBeNaN();
  });
});
