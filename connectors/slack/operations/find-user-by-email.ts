import { z } from 'zod';
import { defineOperation } from '../../sdk/types.js';
import { slackAuth } from '../auth.js';
import { requireToken, slackGet } from '../call.js';

const input = z.object({
  email: z
    .string()
    .trim()
    .min(3, 'Give an email address')
    .meta({ title: 'Email', description: "The email address of the person's Slack account." }),
});

const output = z.object({ user: z.object({ id: z.string() }).loose() });

export const findUserByEmail = defineOperation({
  auth: slackAuth,
  id: 'find_user_by_email',
  sideEffects: false,
  title: 'Find user by email',
  description:
    'Find a Slack user by email address (users.lookupByEmail); their id can be used as a channel for a direct message.',
  input,
  output,
  authOptional: false,
  async execute({ input, auth, http, env, signal }) {
    requireToken(auth);
    const answer = await slackGet(
      { http, env, signal },
      'users.lookupByEmail',
      { email: input.email },
      { email: input.email },
    );
    return { user: answer.user as { id: string } };
  },
});
