// Touchpoints v3 and Tasks v3 of the fake Totango (api-reference §1.5, §1.6). Touchpoints take
// JSON or form and answer { note: {…} }; tasks take JSON, answer the task, read by ?id= as an
// array, and refuse an unknown account with 400 "Account not found".
import { failed, type Answer } from './answer.js';
import { bodyFields, type RecordedTotangoRequest } from './request.js';
import type { FakeTask, FakeTouchpoint } from './state.js';
import type { FakeStore } from './store.js';

function str(v: unknown): string | null {
  return v === undefined || v === null || v === '' ? null : String(v);
}

function touchpointFrom(
  b: Record<string, unknown>,
  now: number,
  base?: FakeTouchpoint,
): Omit<FakeTouchpoint, 'id' | 'last_updated'> {
  return {
    account_id: String(b.account_id ?? base?.account_id ?? ''),
    subject: String(b.subject ?? base?.subject ?? ''),
    content: String(b.content ?? base?.content ?? ''),
    activity_type_id: str(b.activity_type_id) ?? base?.activity_type_id ?? null,
    touchpointType: str(b.touchpointType) ?? base?.touchpointType ?? null,
    touchpoint_tags: Array.isArray(b.touchpoint_tags)
      ? b.touchpoint_tags.map(String)
      : (base?.touchpoint_tags ?? []),
    participants: Array.isArray(b.participantList)
      ? (b.participantList as { userid?: string }[]).map((p) => String(p.userid))
      : (base?.participants ?? []),
    created_by: str(b.created_by) ?? base?.created_by ?? null,
    create_date: b.create_date !== undefined ? Number(b.create_date) : (base?.create_date ?? now),
    disable_sync:
      b.disable_sync !== undefined
        ? b.disable_sync === true || b.disable_sync === 'true'
        : (base?.disable_sync ?? false),
    external_id: str(b.external_id) ?? base?.external_id ?? null,
  };
}

function taskChanges(b: Record<string, unknown>): Partial<FakeTask> {
  const out: Partial<FakeTask> = {};
  if (b.account_id !== undefined) out.account_id = String(b.account_id);
  if (b.title !== undefined) out.title = String(b.title);
  if (b.description !== undefined) out.description = String(b.description);
  if (b.priority !== undefined) out.priority = Number(b.priority);
  if (b.status !== undefined) out.status = String(b.status);
  if (b.due_date !== undefined) out.due_date = str(b.due_date);
  if (b.assignee !== undefined) out.assignee = str(b.assignee);
  if (b.activity_type_id !== undefined) out.activity_type_id = String(b.activity_type_id);
  if (b.external_id !== undefined) out.external_id = str(b.external_id);
  return out;
}

export function touchpointRoutes(
  store: FakeStore,
  rec: RecordedTotangoRequest,
): Answer | undefined {
  const sid = store.state.serviceId;
  if (/^\/api\/v3\/touchpoints\/?$/.test(rec.path) && rec.method === 'POST') {
    const b = bodyFields(rec);
    if (!b) return { status: 400, body: failed(sid, 'Missing body') };
    if (!store.accountExists(b.account_id))
      return { status: 400, body: failed(sid, 'Account not found') };
    if (!b.content) return { status: 400, body: failed(sid, 'content is required') };
    const tp = store.addTouchpoint({
      ...touchpointFrom(b, store.now()),
      last_updated: store.stamp(),
    });
    return { status: 200, body: { note: { ...tp } } };
  }
  const m = /^\/api\/v3\/touchpoints\/([^/]+)\/?$/.exec(rec.path);
  if (!m) return undefined;
  const tp = store.touchpoint(decodeURIComponent(m[1]));
  if (!tp) return { status: 404, body: failed(sid, 'Touchpoint not found') };
  if (rec.method === 'DELETE') {
    store.state.touchpoints.splice(store.state.touchpoints.indexOf(tp), 1);
    return { status: 200, body: { status: 'success' } };
  }
  if (rec.method === 'PUT') {
    const b = bodyFields(rec) ?? {};
    // [assumed] The seed: a touchpoint's account cannot be changed; an unknown one is refused.
    if (b.account_id !== undefined && String(b.account_id) !== tp.account_id)
      return {
        status: 400,
        body: failed(
          sid,
          store.accountExists(b.account_id)
            ? 'The account of a touchpoint cannot be changed'
            : 'Account not found',
        ),
      };
    if (b.content !== undefined && String(b.content) === '')
      return { status: 400, body: failed(sid, 'content is required') };
    Object.assign(tp, touchpointFrom(b, store.now(), tp), {
      last_updated: store.stamp(),
    });
    return { status: 200, body: { note: { ...tp } } };
  }
  return undefined;
}

function updateTask(store: FakeStore, id: string, b: Record<string, unknown>): Answer {
  const t = store.task(id);
  if (!t) return { status: 404, body: { message: 'Task not found' } };
  const changes = taskChanges(b);
  if (changes.account_id !== undefined && !store.accountExists(changes.account_id))
    return { status: 400, body: { message: 'Account not found' } };
  Object.assign(t, changes, { last_updated: store.stamp() });
  return { status: 200, body: { ...t } };
}

export function taskRoutes(store: FakeStore, rec: RecordedTotangoRequest): Answer | undefined {
  if (/^\/api\/v3\/tasks\/?$/.test(rec.path)) {
    if (rec.method === 'GET') {
      const t = rec.query.id !== undefined ? store.task(rec.query.id) : undefined;
      return { status: 200, body: t ? [{ ...t }] : [] };
    }
    const b = rec.json as Record<string, unknown> | undefined;
    if (!b || typeof b !== 'object')
      return { status: 400, body: { message: 'The Tasks API takes a JSON body' } };
    if (rec.method === 'POST') {
      if (!store.accountExists(b.account_id))
        return { status: 400, body: { message: 'Account not found' } };
      if (!b.title) return { status: 400, body: { message: 'title is required' } };
      if (!b.activity_type_id)
        return { status: 400, body: { message: 'activity_type_id is required' } };
      const at = store.stamp();
      const t = store.addTask({
        ...taskChanges(b),
        account_id: String(b.account_id),
        created: at,
        last_updated: at,
      });
      return { status: 200, body: { ...t } };
    }
    // Older clients send PUT /api/v3/tasks with the id in the body.
    if (rec.method === 'PUT' && b.id !== undefined) return updateTask(store, String(b.id), b);
    return undefined;
  }
  const m = /^\/api\/v3\/tasks\/([^/]+)\/?$/.exec(rec.path);
  if (!m) return undefined;
  const id = decodeURIComponent(m[1]);
  if (rec.method === 'PUT')
    return updateTask(store, id, (rec.json ?? {}) as Record<string, unknown>);
  const t = store.task(id);
  if (!t) return { status: 404, body: { message: 'Task not found' } };
  if (rec.method === 'DELETE') {
    store.state.tasks.splice(store.state.tasks.indexOf(t), 1);
    return { status: 200, body: { status: 'success' } };
  }
  if (rec.method === 'GET') return { status: 200, body: [{ ...t }] };
  return undefined;
}
