import { describe, expect, it } from 'vitest';
import type { StepStartInfo } from '../../engine/index.js';
import { doc, run, step } from './run-helpers.js';

// Starts and records in one timeline, so the test sees which came first.
type Event =
  | { kind: 'start'; place: string; startedAt: string }
  | { kind: 'record'; place: string; startedAt: string };

async function timeline(document: ReturnType<typeof doc>, extra: Parameters<typeof run>[1] = {}) {
  const events: Event[] = [];
  const starts: StepStartInfo[] = [];
  const out = await run(document, {
    ...extra,
    onStepStart: (info) => {
      starts.push(info);
      events.push({ kind: 'start', place: info.place, startedAt: info.startedAt });
    },
    onRecord: (r) => void events.push({ kind: 'record', place: r.place, startedAt: r.startedAt }),
  });
  return { ...out, events, starts };
}

describe('onStepStart', () => {
  it("announces each step before its record, with the record's place and start time", async () => {
    let t = Date.parse('2026-11-22T09:00:00.000Z');
    const { events, starts } = await timeline(
      doc([step('echo-1', 'echo', { a: 1 }), step('echo-2', 'echo')]),
      { now: () => (t += 5) },
    );
    expect(events.map((e) => `${e.kind} ${e.place}`)).toEqual([
      'start echo-1',
      'record echo-1',
      'start echo-2',
      'record echo-2',
    ]);
    expect(starts[0]).toEqual({
      stepId: 'echo-1',
      place: 'echo-1',
      startedAt: '2026-11-22T09:00:00.010Z',
    });
    // Same clock, read just before the step reads it for its record.
    expect(Date.parse(events[1].startedAt)).toBeGreaterThanOrEqual(Date.parse(starts[0].startedAt));
  });

  it("gives loop iterations the record's place and announces the loop once, before its body", async () => {
    const { events, starts, records } = await timeline(
      doc([
        {
          id: 'loop-1',
          type: 'loop',
          input: { list: ['a', 'b', 'c'] },
          steps: [step('echo-1', 'echo', { v: { $jsonpath: '$.steps.loop-1.value' } })],
        },
        step('after', 'echo'),
      ]),
    );
    expect(events.map((e) => `${e.kind} ${e.place}`)).toEqual([
      'start loop-1',
      'start loop-1[0] > echo-1',
      'record loop-1[0] > echo-1',
      'start loop-1[1] > echo-1',
      'record loop-1[1] > echo-1',
      'start loop-1[2] > echo-1',
      'record loop-1[2] > echo-1',
      'record loop-1',
      'start after',
      'record after',
    ]);
    expect(starts.map((s) => s.stepId)).toEqual(['loop-1', 'echo-1', 'echo-1', 'echo-1', 'after']);
    // Every record has exactly one start with the same place.
    for (const r of records) expect(starts.filter((s) => s.place === r.place)).toHaveLength(1);
  });

  it('announces booleans and only the branch that runs, nests places in loops, and skips breaks', async () => {
    const { events } = await timeline(
      doc([
        {
          id: 'loop-1',
          type: 'loop',
          input: { list: [1, 2] },
          steps: [
            {
              id: 'bool-1',
              type: 'boolean',
              input: {
                conditions: [
                  { left: { $jsonpath: '$.steps.loop-1.value' }, op: 'equals', right: 2 },
                ],
              },
              true: [{ id: 'break-1', type: 'break', loop: 'loop-1' }],
              false: [step('no', 'echo')],
            },
          ],
        },
      ]),
    );
    expect(events.filter((e) => e.kind === 'start').map((e) => e.place)).toEqual([
      'loop-1',
      'loop-1[0] > bool-1',
      'loop-1[0] > no',
      'loop-1[1] > bool-1',
    ]);
  });

  it('a listener that throws does not change the run', async () => {
    const called: string[] = [];
    const { result, records } = await run(doc([step('echo-1', 'echo', { a: 1 })]), {
      onStepStart: (info) => {
        called.push(info.place);
        throw new Error('listener broke');
      },
    });
    expect(called).toEqual(['echo-1']);
    expect(result.status).toBe('succeeded');
    expect(records.map((r) => [r.place, r.status])).toEqual([['echo-1', 'ok']]);
  });
});
