// What the sync needs from Totango, over the Totango authentication's client: tasks,
// touchpoints and campaign touches read from the events search (api-reference §1.4), the
// accounts that exist, and task/touchpoint writes (§1.5, §1.6).
import { StepError } from '../../../engine/errors/step-error.js';
import { checkEnvelope, refuseFailedEnvelope } from '../../totango/index.js';
import type { HttpClient, HttpResponse } from '../../sdk/types.js';

export type TotangoKind = 'task' | 'touchpoint' | 'campaign_touch';

/** One Totango record as the sync sees it: id, account, link, clock, and its mappable fields. */
export interface TotangoRecord {
  id: string;
  account_id: string;
  /** The linked Salesforce id, lowercase (Totango's External ID). */
  external_id: string | null;
  last_updated: number;
  fields: Record<string, unknown>;
}

const EVENT_TYPE: Record<TotangoKind, string> = {
  task: 'task',
  touchpoint: 'note',
  campaign_touch: 'campaign_touch',
};
const PAGE = 1000;

type Hit = Record<string, unknown> & { id: string; timestamp: number; account: { id: string } };

/** Participants as the timeline lists them: e-mails, or `{ userid }` as they were sent. */
function participantEmails(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v
    .map((p) => (p && typeof p === 'object' ? (p as { userid?: unknown }).userid : p))
    .filter((p): p is string => typeof p === 'string' && p !== '');
}

/** A touchpoint's participants go to Totango as participantList: [{ userid }] (api-reference §1.5). */
function touchpointBody(body: Record<string, unknown>): Record<string, unknown> {
  if (!('participants' in body)) return body;
  const { participants, ...rest } = body;
  return {
    ...rest,
    participantList: participantEmails(participants).map((userid) => ({ userid })),
  };
}

function fromHit(kind: TotangoKind, hit: Hit): TotangoRecord {
  const props = (hit.properties ?? {}) as Record<string, unknown>;
  if (kind === 'task') {
    const t = (hit.task_content ?? {}) as Record<string, unknown>;
    const { task_id, external_id, last_updated, action: _action, ...fields } = t;
    return {
      id: String(task_id),
      account_id: hit.account.id,
      external_id: (external_id as string | null) ?? null,
      last_updated: Number(last_updated ?? hit.timestamp),
      fields,
    };
  }
  if (kind === 'touchpoint') {
    const note = (hit.note_content ?? {}) as {
      note_id?: unknown;
      text?: unknown;
      totango_user?: { user_name?: unknown };
    };
    return {
      id: String(note.note_id),
      account_id: hit.account.id,
      external_id: (props.external_id as string | null) ?? null,
      last_updated: Number(props.last_updated ?? hit.timestamp),
      fields: {
        subject: props.subject ?? null,
        content: note.text ?? null,
        create_date: props.create_date ?? null,
        created_by: note.totango_user?.user_name ?? null,
        activity_type_id: props.activity_type_id ?? null,
        participants: participantEmails(props.participants ?? props.participantList),
      },
    };
  }
  return {
    id: String(hit.id),
    account_id: hit.account.id,
    external_id: null,
    last_updated: hit.timestamp,
    fields: { ...props, timestamp: hit.timestamp },
  };
}

export class TotangoSide {
  constructor(private readonly http: HttpClient) {}

  /** Every record of a kind, optionally only those whose timeline date is at or after `since` (epoch ms). */
  async list(kind: TotangoKind, since?: number): Promise<TotangoRecord[]> {
    const terms: Record<string, unknown>[] = [
      { type: 'event_property', name: 'event_type', eq: EVENT_TYPE[kind] },
    ];
    if (since !== undefined) terms.push({ type: 'date', term: 'date', gte: since });
    const out: TotangoRecord[] = [];
    // The events search pages by page NUMBER (offset 0, 1, 2…), unlike the accounts search.
    for (let page = 0; ; page++) {
      const res = await this.http.request({
        method: 'POST',
        url: '/api/v2/events/search',
        form: { query: JSON.stringify({ terms, fields: [], count: PAGE, offset: page }) },
      });
      const env = checkEnvelope(res, `the ${kind} search`);
      const hits = (env.response?.events as { hits?: Hit[] } | undefined)?.hits ?? [];
      out.push(...hits.map((h) => fromHit(kind, h)));
      if (hits.length < PAGE) return out;
    }
  }

  /** Which of these account ids exist in Totango: lowercase id → Totango's own spelling. */
  async existingAccounts(ids: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    // Ask for each id as given and in lowercase: Totango may keep either spelling of a Salesforce id.
    const unique = [...new Set(ids.flatMap((id) => [id, id.toLowerCase()]))];
    for (let i = 0; i < unique.length; i += 500) {
      const chunk = unique.slice(i, i + 500);
      const query = {
        terms: [{ type: 'string', term: 'identifier', in_list: chunk }],
        fields: [],
        count: 1000,
        offset: 0,
        scope: 'all',
      };
      const res = await this.http.request({
        method: 'POST',
        url: '/api/v1/search/accounts',
        form: { query: JSON.stringify(query) },
      });
      const env = checkEnvelope(res, 'the accounts search');
      for (const hit of (env.response?.accounts as { hits?: { name: string }[] } | undefined)
        ?.hits ?? [])
        found.set(hit.name.toLowerCase(), hit.name);
    }
    return found;
  }

  async create(kind: 'task' | 'touchpoint', body: Record<string, unknown>): Promise<string> {
    const res = await this.write(
      'POST',
      kind === 'task' ? '/api/v3/tasks' : '/api/v3/touchpoints/',
      kind === 'task' ? body : touchpointBody(body),
      `the creation of a ${kind}`,
    );
    const b = res.body as { id?: unknown; note?: { id?: unknown } };
    const id = kind === 'task' ? b.id : b.note?.id;
    if (id === undefined || id === null)
      throw new StepError(
        'CONNECTOR_ERROR',
        `Totango created the ${kind} but did not say its id.`,
        { details: { body: res.body } },
      );
    return String(id);
  }

  async update(
    kind: 'task' | 'touchpoint',
    id: string,
    body: Record<string, unknown>,
  ): Promise<void> {
    await this.write(
      'PUT',
      kind === 'task'
        ? `/api/v3/tasks/${encodeURIComponent(id)}`
        : `/api/v3/touchpoints/${encodeURIComponent(id)}`,
      kind === 'task' ? body : touchpointBody(body),
      `the update of ${kind} ${id}`,
    );
  }

  async remove(kind: 'task' | 'touchpoint', id: string): Promise<void> {
    await this.write(
      'DELETE',
      kind === 'task'
        ? `/api/v3/tasks/${encodeURIComponent(id)}`
        : `/api/v3/touchpoints/${encodeURIComponent(id)}`,
      undefined,
      `the deletion of ${kind} ${id}`,
    );
  }

  /** A 4xx/5xx becomes the client's usual step error (401 AUTH_FAILED, 429 RATE_LIMITED…); a 2xx may still be a failed envelope. */
  private async write(
    method: 'POST' | 'PUT' | 'DELETE',
    url: string,
    json: Record<string, unknown> | undefined,
    what: string,
  ): Promise<HttpResponse> {
    const res = await this.http.request({ method, url, json });
    refuseFailedEnvelope(res, what);
    return res;
  }
}
