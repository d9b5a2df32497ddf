// The "Segment events → Totango" template on a real server, as docs/totango.md tells a person to
// set it up: import it, point it at their Totango authentication, and have Segment's Webhooks
// destination post to its webhook URL: one event, then a batch. The account of a group call is
// remembered in the server's account storage, so a later post without context.groupId finds it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTotango, type FakeTotango } from '../fakes/totango.js';
import type { Authentication, DebugRecord, Run, Workflow } from '../server/helpers/api-types.js';
import { ownerApi, readExample, runEnded } from '../server/helpers/examples.js';
import { useTestServer } from '../server/helpers/test-server.js';

const srv = useTestServer({ full: true });
let tt: FakeTotango;
let workflow: Workflow & { webhookUrl?: string };

const api = ownerApi(srv);

/** What Segment's Webhooks destination does: POST the event (or batch) as JSON. */
async function segmentPosts(body: unknown): Promise<{ run: Run; records: DebugRecord[] }> {
  const res = await fetch(workflow.webhookUrl!, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'Segment.io/1.0' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(202);
  const { runId } = (await res.json()) as { runId: string };
  return runEnded(api, runId);
}

beforeAll(async () => {
  tt = await startFakeTotango({ perMinute: Number.POSITIVE_INFINITY });
  const auth = await api<Authentication>('POST', '/api/authentications', {
    name: 'Totango',
    connector: 'totango',
    scope: 'organisational',
    fields: { token: tt.token, baseUrl: tt.url, collectorUrl: tt.url, serviceId: 'SP-1234-01' },
  });
  workflow = await api(
    'POST',
    '/api/workflows',
    readExample('segment-to-totango.json', { 'totango-main': auth.id }),
  );
});
afterAll(async () => {
  await tt.close();
});

describe('examples/segment-to-totango.json', () => {
  it('is named for the editor and validates once pointed at an authentication', async () => {
    expect(workflow.name).toBe('Segment events → Totango');
    expect(
      await api<{ problems: unknown[] }>('POST', `/api/workflows/${workflow.id}/validate`),
    ).toEqual({ problems: [] });
  });

  it('sends one posted event, then a batch whose track finds the remembered account', async () => {
    const first = await segmentPosts({
      type: 'group',
      userId: 'u-42',
      groupId: 'acc-initech',
      traits: { name: 'Initech', plan: 'Paying' },
    });
    expect(first.run.status).toBe('succeeded');
    expect(tt.state.collector.at(-1)?.params).toMatchObject({
      sdr_o: 'acc-initech',
      sdr_u: 'u-42',
      'sdr_o.account_name': 'Initech',
      'sdr_o.plan': 'Paying',
    });

    const second = await segmentPosts({
      batch: [
        {
          type: 'track',
          userId: 'u-42',
          event: 'Exported report',
          properties: { category: 'Reports' },
        },
        { type: 'page', userId: 'u-42', category: 'Docs', name: 'Index' },
        { type: 'track', userId: 'u-unknown', event: 'Clicked' },
      ],
    });
    expect(second.run.status).toBe('succeeded');
    const output = second.records.find((r) => r.stepId === 'totango-1')!.output as {
      results: { sent: boolean; groupId: string | null; skipped?: string }[];
    };
    expect(output.results.map((r) => [r.sent, r.groupId])).toEqual([
      [true, 'acc-initech'],
      [true, 'acc-initech'],
      [false, null],
    ]);
    expect(output.results[2].skipped).toContain('no account for user "u-unknown"');
    expect(tt.state.collector.slice(-2).map((c) => [c.params.sdr_a, c.params.sdr_m])).toEqual([
      ['Exported report', 'Reports'],
      ['Viewed Docs Index Page', 'Docs'],
    ]);
  });
});
