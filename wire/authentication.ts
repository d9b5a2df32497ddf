// Stored authentications as the API shows them: never their fields (docs/api.md).
import { z } from 'zod';

export const authenticationSchema = z.object({
  id: z.string(),
  name: z.string(),
  connector: z.string(),
  scope: z.enum(['personal', 'organisational']),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type Authentication = z.output<typeof authenticationSchema>;

/** One row of GET /api/authentications: who made it and which workflows use it. */
export const authenticationRowSchema = authenticationSchema.extend({
  /** null once that user was removed. */
  createdByEmail: z.string().nullable(),
  usedBy: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type AuthenticationRow = z.output<typeof authenticationRowSchema>;

/** POST /api/authentications/:id/test. */
export const authTestSchema = z.object({ ok: z.boolean(), message: z.string() });
