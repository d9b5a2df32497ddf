import { z } from 'zod';
import { defineOperation } from '../../sdk/types.js';
import { slackAuth } from '../auth.js';
import { requireToken, slackPost } from '../call.js';
import { blocksField, messageAnswer, needsTextOrBlocks, textField } from '../schemas.js';

const input = z
  .object({
    channel: z.string().min(1, 'Give a channel').meta({
      title: 'Channel',
      description: 'The channel id that "Send message" answered (e.g. C0123ABCD).',
    }),
    ts: z.string().min(1, 'Give the message ts').meta({
      title: 'Message ts',
      description: 'The ts of the message to change, as "Send message" answered it.',
    }),
    text: textField,
    blocks: blocksField,
  })
  .superRefine(needsTextOrBlocks);

const output = messageAnswer;

export const updateMessage = defineOperation({
  auth: slackAuth,
  id: 'update_message',
  title: 'Update message',
  description: 'Change the text or blocks of a message the app posted (chat.update).',
  input,
  output,
  authOptional: false,
  async execute({ input, auth, http, env, signal }) {
    requireToken(auth);
    const answer = await slackPost(
      { http, env, signal },
      'chat.update',
      { ...input },
      { channel: input.channel, ts: input.ts },
    );
    return { ok: true, channel: String(answer.channel), ts: String(answer.ts) };
  },
});
