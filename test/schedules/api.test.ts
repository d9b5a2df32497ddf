// /api/schedules through the real server as start-server.ts wires it (embedded mode): saving,
// changing, switching off and deleting a workflow reach the scheduler, behind the login.
import { describe, expect, it } from 'vitest';
import { nextFireTime } from '../../server/schedules/schedule-math.js';
import type { Schedule } from '../../engine/index.js';
import type { ScheduleListItem } from '../../server/schedules/routes.js';
import type { ErrorBody, InvalidBody, Workflow } from '../server/helpers/api-types.js';
import { useTestServer } from '../server/helpers/test-server.js';

// A fresh server for each test, as `npm start` wires it (the scheduler included).
const srv = useTestServer({ full: true, each: true, concurrency: 1 });

/** A call as the owner, or with no login. */
const api = <T = unknown>(method: string, path: string, body?: unknown, auth = true) =>
  srv.api<T>(method, path, { token: auth ? srv.token : undefined, body });

function workflow(schedule: Schedule) {
  return {
    name: 'Nightly export',
    trigger: { type: 'schedule', schedule },
    steps: [{ id: 'loop-1', type: 'loop', mode: 'forever', maxIterations: 1, steps: [] }],
  };
}

describe('/api/schedules through the real server', () => {
  it('needs a login', async () => {
    const res = await api<ErrorBody>('GET', '/api/schedules', undefined, false);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('follows a workflow from save to change, switch off, switch on and delete', async () => {
    const nightly: Schedule = { every: 'daily', at: '02:30', timezone: 'Europe/London' };
    const created = await api<Workflow>('POST', '/api/workflows', workflow(nightly));
    expect(created.status).toBe(201);
    const id = created.body.id;

    const listed = await api<ScheduleListItem[]>('GET', '/api/schedules');
    expect(listed.status).toBe(200);
    expect(listed.body).toHaveLength(1);
    expect(listed.body[0]).toMatchObject({
      workflowId: id,
      name: 'Nightly export',
      schedule: nightly,
      enabled: true,
      problem: null,
      fires: [],
    });
    const expectedNext = nextFireTime(nightly, new Date())!.toISOString();
    expect(listed.body[0].nextRunAt).toBe(expectedNext);

    const weekly: Schedule = {
      every: 'weekly',
      day: 'sun',
      at: '02:30',
      timezone: 'America/New_York',
    };
    const updated = await api('PUT', `/api/workflows/${id}`, {
      ...workflow(weekly),
      baseVersion: 1,
    });
    expect(updated.status).toBe(200);
    const afterChange = (await api<ScheduleListItem[]>('GET', '/api/schedules')).body[0];
    expect(afterChange.schedule).toEqual(weekly);
    expect(afterChange.nextRunAt).toBe(nextFireTime(weekly, new Date())!.toISOString());

    expect((await api('PATCH', `/api/workflows/${id}`, { enabled: false })).status).toBe(200);
    const off = (await api<ScheduleListItem[]>('GET', '/api/schedules')).body[0];
    expect(off).toMatchObject({ enabled: false, nextRunAt: null, schedule: weekly });

    expect((await api('PATCH', `/api/workflows/${id}`, { enabled: true })).status).toBe(200);
    const on = (await api<ScheduleListItem[]>('GET', '/api/schedules')).body[0];
    expect(on).toMatchObject({
      enabled: true,
      schedule: weekly,
      nextRunAt: nextFireTime(weekly, new Date())!.toISOString(),
    });

    expect((await api('DELETE', `/api/workflows/${id}`)).status).toBe(204);
    expect((await api<ScheduleListItem[]>('GET', '/api/schedules')).body).toEqual([]);
  });

  it('preview answers in the API envelope', async () => {
    const ok = await api<{ times: string[] }>('POST', '/api/schedules/preview', {
      schedule: { every: 'minutes', interval: 15 },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.times).toHaveLength(10);
    const times = ok.body.times.map((t) => Date.parse(t));
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBe(15 * 60_000);

    const bad = await api<InvalidBody>('POST', '/api/schedules/preview', {
      schedule: { every: 'daily', at: '09:00', timezone: 'Europe/Lundon' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION');
    expect(bad.body.error.issues[0].path).toBe('schedule.timezone');
  });
});
