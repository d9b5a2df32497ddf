// The Web API methods the fake answers, each as real Slack does (api-reference §3.2–3.3):
// application errors are HTTP 200 with `{ ok: false, error }`.
import type { FakeChannel, FakeSlackState } from './state.js';

export type Params = Record<string, unknown>;
export type SlackAnswer = { ok: boolean; [key: string]: unknown };

export interface MethodContext {
  state: FakeSlackState;
  nextTs(): string;
  /** The most a conversations.list page holds, whatever `limit` asks (to test short pages). */
  maxPageSize: number;
}

type Method = (params: Params, ctx: MethodContext) => SlackAnswer;

const fail = (error: string, extra: Record<string, unknown> = {}): SlackAnswer => ({
  ok: false,
  error,
  ...extra,
});

function findChannel(state: FakeSlackState, ref: unknown): FakeChannel | undefined {
  if (typeof ref !== 'string' || ref === '') return undefined;
  const name = ref.startsWith('#') ? ref.slice(1) : ref;
  return state.channels.find((c) => c.id === ref || c.name === name);
}

/** Slack counts `blocks` sent as JSON text (form bodies) the same as an array. */
function blocksOf(params: Params): unknown[] | undefined {
  const raw = params.blocks;
  if (raw === undefined || raw === '') return undefined;
  const value = typeof raw === 'string' ? JSON.parse(raw) : raw;
  return Array.isArray(value) ? value : undefined;
}

const postMessage: Method = (params, { state, nextTs }) => {
  const channel = findChannel(state, params.channel);
  if (!channel) return fail('channel_not_found');
  if (channel.is_archived) return fail('is_archived');
  if (!channel.is_member) return fail('not_in_channel');
  const text = typeof params.text === 'string' ? params.text : undefined;
  const blocks = blocksOf(params);
  if (!text && !blocks?.length) return fail('no_text');
  if (text && text.length > 40_000) return fail('msg_too_long');
  const ts = nextTs();
  const threadTs =
    typeof params.thread_ts === 'string' && params.thread_ts !== '' ? params.thread_ts : undefined;
  state.messages.push({ channel: channel.id, ts, text, blocks, thread_ts: threadTs });
  const message: Record<string, unknown> = {
    type: 'message',
    subtype: 'bot_message',
    text: text ?? '',
    ts,
    bot_id: 'B0000FAKE',
  };
  if (blocks) message.blocks = blocks;
  if (threadTs) message.thread_ts = threadTs;
  return { ok: true, channel: channel.id, ts, message };
};

const update: Method = (params, { state }) => {
  const channel = findChannel(state, params.channel);
  if (!channel) return fail('channel_not_found');
  const message = state.messages.find((m) => m.channel === channel.id && m.ts === params.ts);
  if (!message) return fail('message_not_found');
  const text = typeof params.text === 'string' ? params.text : undefined;
  const blocks = blocksOf(params);
  if (!text && !blocks?.length) return fail('no_text');
  if (text !== undefined) message.text = text;
  if (blocks !== undefined) message.blocks = blocks;
  message.edited = true;
  return {
    ok: true,
    channel: channel.id,
    ts: message.ts,
    text: message.text ?? '',
    message: { type: 'message', text: message.text ?? '', ts: message.ts },
  };
};

const encodeCursor = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64');
function decodeCursor(cursor: string): number | undefined {
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

const conversationsList: Method = (params, { state, maxPageSize }) => {
  const types = String(params.types ?? 'public_channel')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const known = ['public_channel', 'private_channel', 'mpim', 'im'];
  if (types.some((t) => !known.includes(t))) return fail('invalid_types');
  const limit = params.limit === undefined || params.limit === '' ? 100 : Number(params.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return fail('invalid_limit');
  let offset = 0;
  if (typeof params.cursor === 'string' && params.cursor !== '') {
    const decoded = decodeCursor(params.cursor);
    if (decoded === undefined) return fail('invalid_cursor');
    offset = decoded;
  }
  const excludeArchived = params.exclude_archived === true || params.exclude_archived === 'true';
  const matching = state.channels.filter(
    (c) => types.includes(c.type) && !(excludeArchived && c.is_archived),
  );
  const page = matching.slice(offset, offset + Math.min(limit, maxPageSize));
  const next = offset + page.length;
  return {
    ok: true,
    channels: page.map((c) => ({
      id: c.id,
      name: c.name,
      is_channel: c.type === 'public_channel' || c.type === 'private_channel',
      is_private: c.is_private,
      is_archived: c.is_archived,
      is_member: c.is_member,
    })),
    response_metadata: { next_cursor: next < matching.length ? encodeCursor(next) : '' },
  };
};

const lookupByEmail: Method = (params, { state }) => {
  if (typeof params.email !== 'string' || params.email === '') return fail('invalid_arguments');
  const email = params.email.toLowerCase();
  const user = state.users.find((u) => u.profile.email.toLowerCase() === email);
  return user ? { ok: true, user } : fail('users_not_found');
};

const authTest: Method = () => ({
  ok: true,
  url: 'https://fake-workspace.slack.com/',
  team: 'Fake Workspace',
  user: 'stepwise',
  team_id: 'T0000FAKE',
  user_id: 'U0000BOT',
  bot_id: 'B0000FAKE',
});

export const methods: Record<string, Method> = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'conversations.list': conversationsList,
  'users.lookupByEmail': lookupByEmail,
  'auth.test': authTest,
};
