// The fake Slack's data: channels (with membership and an archived flag), users, the
// messages posted, and the switches a test flips to force errors and rate limits.

export interface FakeChannel {
  id: string;
  name: string;
  is_private: boolean;
  is_archived: boolean;
  /** Whether the bot is a member: posting to a channel it is not in is `not_in_channel`. */
  is_member: boolean;
  /** public_channel, private_channel, mpim or im (conversations.list `types`). */
  type: 'public_channel' | 'private_channel' | 'mpim' | 'im';
}

export interface FakeUser {
  id: string;
  name: string;
  real_name: string;
  profile: { email: string; real_name: string; display_name: string };
}

export interface FakeMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown;
  thread_ts?: string;
  /** Set by chat.update. */
  edited?: boolean;
}

export interface FakeSlackState {
  channels: FakeChannel[];
  users: FakeUser[];
  messages: FakeMessage[];
}

export function defaultState(): FakeSlackState {
  const channel = (id: string, name: string, extra: Partial<FakeChannel> = {}): FakeChannel => ({
    id,
    name,
    is_private: false,
    is_archived: false,
    is_member: true,
    type: 'public_channel',
    ...extra,
  });
  return {
    channels: [
      channel('C0000GENERAL', 'general'),
      channel('C00CSALERTS', 'cs-alerts'),
      channel('C000NOTIN', 'not-joined', { is_member: false }),
      channel('C000ARCHIVED', 'old-news', { is_archived: true }),
      channel('G000PRIVATE', 'secret-team', { is_private: true, type: 'private_channel' }),
    ],
    users: [
      {
        id: 'U000ALICE',
        name: 'alice',
        real_name: 'Alice Example',
        profile: { email: 'alice@example.com', real_name: 'Alice Example', display_name: 'alice' },
      },
      {
        id: 'U00000BOB',
        name: 'bob',
        real_name: 'Bob Example',
        profile: { email: 'bob@example.com', real_name: 'Bob Example', display_name: 'bob' },
      },
    ],
    messages: [],
  };
}

/** `"<epoch>.<6 digits>"`, unique and increasing like Slack's message timestamps. */
export function tsGenerator(): () => string {
  let last = 0;
  return () => {
    const micros = Math.max(Date.now() * 1000, last + 1);
    last = micros;
    return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
  };
}
