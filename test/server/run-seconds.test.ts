import { describe, expect, it } from 'vitest';
import { runSeconds } from '../../server/services/run-seconds.js';
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
