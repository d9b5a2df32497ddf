// The events search (api-reference §1.4): touchpoints as `note` events, tasks as `task`
// events, campaign touches as `campaign_touch`; newest first; `offset` is a PAGE number.
import { matches, type Entity } from './search.js';
import type { FakeTask, FakeTotangoState, FakeTouchpoint } from './state.js';

type Event = Record<string, unknown> & { timestamp: number; type: string; account: { id: string } };

export function noteEvent(tp: FakeTouchpoint): Event {
  return {
    id: `ev-note-${tp.id}`,
    timestamp: tp.last_updated,
    type: 'note',
    account: { id: tp.account_id },
    note_content: { note_id: tp.id, text: tp.content, totango_user: { user_name: tp.created_by } },
    properties: {
      subject: tp.subject,
      activity_type_id: tp.activity_type_id,
      touchpoint_type: tp.touchpointType,
      touchpoint_tags: tp.touchpoint_tags,
      participants: tp.participants,
      create_date: tp.create_date,
      disable_sync: tp.disable_sync,
      external_id: tp.external_id,
      last_updated: tp.last_updated,
    },
  };
}

export function taskEvent(t: FakeTask): Event {
  return {
    id: `ev-task-${t.id}`,
    timestamp: t.last_updated,
    type: 'task',
    account: { id: t.account_id },
    task_content: {
      action: t.last_updated === t.created ? 'create' : 'update',
      task_id: t.id,
      title: t.title,
      description: t.description,
      priority: t.priority,
      status: t.status,
      due_date: t.due_date,
      assignee: t.assignee,
      activity_type_id: t.activity_type_id,
      external_id: t.external_id,
      last_updated: t.last_updated,
    },
    properties: { activity_type_id: t.activity_type_id, external_id: t.external_id },
  };
}

function eventView(e: Event): Entity {
  // Terms address event_type and other properties by name; dates by term "date".
  return {
    kind: 'accounts',
    id: String(e.id),
    display_name: '',
    attributes: {
      ...(e.properties as Record<string, unknown>),
      event_type: e.type,
      date: e.timestamp,
      account_id: e.account.id,
    },
  };
}

function eventMatches(e: Event, term: Record<string, unknown>): boolean {
  if (term.type === 'or' && Array.isArray(term.or))
    return (term.or as Record<string, unknown>[]).some((t) => eventMatches(e, t));
  const view = eventView(e);
  if (term.type === 'event_property')
    return matches(view, { ...term, type: 'string_attribute', attribute: term.name });
  if (term.type === 'date')
    return matches(view, { ...term, type: 'number_attribute', attribute: 'date' });
  return matches(view, term);
}

export function searchEvents(
  state: FakeTotangoState,
  query: Record<string, unknown>,
  accountId: string | undefined,
): { total_hits: number; hits: Event[] } {
  const all: Event[] = [
    ...state.touchpoints.map(noteEvent),
    ...state.tasks.map(taskEvent),
    ...state.campaignTouches.map((c) => ({
      id: `ev-camp-${c.id}`,
      timestamp: c.timestamp,
      type: 'campaign_touch',
      account: { id: c.account_id },
      // [assumed] The campaign's kind, its sender and the users it went to, as the seed's subject needs them.
      properties: {
        campaign_name: c.campaign_name,
        campaign_type: c.campaign_type,
        subject: c.subject,
        user_id: c.user_id,
        users: c.users,
        user_count: c.users.length,
        sender: c.sender,
      },
    })),
  ];
  const terms = query.terms as Record<string, unknown>[];
  const found = all
    .filter(
      (e) =>
        (accountId ? e.account.id === accountId : true) && terms.every((t) => eventMatches(e, t)),
    )
    .sort((a, b) => b.timestamp - a.timestamp || String(a.id).localeCompare(String(b.id)));
  const count = query.count as number;
  const page = (query.offset as number | undefined) ?? 0;
  return { total_hits: found.length, hits: found.slice(page * count, page * count + count) };
}
