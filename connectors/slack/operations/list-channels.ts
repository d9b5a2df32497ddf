import { z } from 'zod';
import { followCursorPages } from '../../sdk/pages.js';
import { defineOperation } from '../../sdk/types.js';
import { slackAuth } from '../auth.js';
import { requireToken, slackGet } from '../call.js';

/** Slack recommends 100–200 a page; a page may be shorter even when more follow. */
const PAGE_SIZE = 200;
/** Without a limit, stop here rather than page forever through a huge enterprise workspace. */
const DEFAULT_LIMIT = 10_000;

const TYPES = ['public_channel', 'private_channel', 'mpim', 'im'] as const;
const TYPE = `(${TYPES.join('|')})`;

const input = z.object({
  // A list, or Slack's own comma-separated text ("public_channel,private_channel"), which is
  // what someone following Slack's conversations.list reference writes.
  types: z
    .union([
      z.array(z.enum(TYPES)).min(1),
      z
        .string()
        .regex(
          new RegExp(`^\\s*${TYPE}(\\s*,\\s*${TYPE})*\\s*$`),
          `Channel types must be among ${TYPES.join(', ')}, separated by commas`,
        ),
    ])
    .optional()
    .meta({
      title: 'Channel types',
      description:
        'Default: public channels. private_channel lists private channels the app is in. A list, or comma-separated text as Slack writes it.',
    }),
  excludeArchived: z.boolean().default(false).meta({ title: 'Leave out archived channels' }),
  limit: z.number().int().min(1).max(DEFAULT_LIMIT).optional().meta({
    title: 'At most',
    description: 'The most channels to answer; all pages are followed up to this. Default 10,000.',
  }),
});

const channel = z.object({ id: z.string(), name: z.string().optional() }).loose();

const output = z.object({ channels: z.array(channel) });

export const listChannels = defineOperation({
  auth: slackAuth,
  id: 'list_channels',
  sideEffects: false,
  title: 'List channels',
  description: "List the workspace's channels (conversations.list), following every page.",
  input,
  output,
  authOptional: false,
  async execute({ input, auth, http, env, signal }) {
    requireToken(auth);
    const limit = input.limit ?? DEFAULT_LIMIT;
    const channels = await followCursorPages<{ id: string; [key: string]: unknown }>({
      max: limit,
      fetchPage: async (cursor) => {
        const answer = await slackGet({ http, env, signal }, 'conversations.list', {
          types:
            typeof input.types === 'string'
              ? input.types
                  .split(',')
                  .map((t) => t.trim())
                  .join(',')
              : (input.types ?? ['public_channel']).join(','),
          exclude_archived: input.excludeArchived || undefined,
          limit: Math.min(PAGE_SIZE, limit),
          cursor,
        });
        const meta = answer.response_metadata as { next_cursor?: string | null } | undefined;
        return { items: (answer.channels ?? []) as { id: string }[], next: meta?.next_cursor };
      },
    });
    return { channels };
  },
});
