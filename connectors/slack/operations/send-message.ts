import { z } from 'zod';
import { defineOperation } from '../../sdk/types.js';
import { slackAuth } from '../auth.js';
import { requireToken, slackPost } from '../call.js';
import {
  blocksField,
  channelField,
  messageAnswer,
  needsTextOrBlocks,
  textField,
} from '../schemas.js';

const input = z
  .object({
    channel: channelField,
    text: textField,
    blocks: blocksField,
    thread_ts: z.string().optional().meta({
      title: 'Reply in thread',
      description:
        'The ts of the message to reply to (its thread), e.g. from an earlier "Send message".',
    }),
    reply_broadcast: z.boolean().optional().meta({
      title: 'Also send to channel',
      description: 'With a thread reply: show it in the channel too.',
    }),
    unfurl_links: z
      .boolean()
      .optional()
      .meta({ title: 'Unfurl links', description: 'Show previews of links in the text.' }),
  })
  .superRefine(needsTextOrBlocks);

const output = messageAnswer.extend({ message: z.record(z.string(), z.unknown()) });

export const sendMessage = defineOperation({
  auth: slackAuth,
  id: 'send_message',
  title: 'Send message',
  description: 'Post a message to a channel (chat.postMessage), optionally as a reply in a thread.',
  input,
  output,
  authOptional: false,
  async execute({ input, auth, http, env, signal }) {
    requireToken(auth);
    const answer = await slackPost(
      { http, env, signal },
      'chat.postMessage',
      { ...input },
      { channel: input.channel },
    );
    return {
      ok: true,
      channel: String(answer.channel),
      ts: String(answer.ts),
      message: (answer.message ?? {}) as Record<string, unknown>,
    };
  },
});
