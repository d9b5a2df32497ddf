// Input fields shared by the Slack operations, with the titles and help the editor shows.
import { z } from 'zod';
import { choices } from '../sdk/choices.js';

export const channelField = z
  .string()
  .min(1, 'Give a channel')
  .meta({
    title: 'Channel',
    description:
      'A channel name such as #cs-alerts, or its id (C0123ABCD). The app must be a member of the channel.',
    // The editor offers the workspace's channels (by id, shown by name); typing stays possible.
    ...choices({
      operation: 'list_channels',
      input: { excludeArchived: true },
      items: 'channels',
      value: 'id',
      label: 'name',
    }),
  });
export const textField = z.string().optional().meta({
  title: 'Text',
  description:
    'The message (Slack mrkdwn: *bold*, _italic_, <https://example.com|links>). With blocks, it is the notification text.',
});
export const blocksField = z.array(z.record(z.string(), z.unknown())).optional().meta({
  title: 'Blocks',
  description: "Block Kit blocks for a richer message, as built in Slack's Block Kit Builder.",
});

/** Slack needs a text or blocks; saying so before the call gives the field's name. */
export function needsTextOrBlocks(
  value: { text?: string; blocks?: unknown[] },
  ctx: { addIssue(issue: { code: 'custom'; path: string[]; message: string }): void },
): void {
  if (!value.text && !value.blocks?.length)
    ctx.addIssue({ code: 'custom', path: ['text'], message: 'Give the message a text or blocks' });
}

export const messageAnswer = z.object({ ok: z.boolean(), channel: z.string(), ts: z.string() });
