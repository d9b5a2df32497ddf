// A user as the API shows them (GET /api/auth/me, /api/users): never a password or token.
import { z } from 'zod';

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(['admin', 'builder']),
  createdAt: z.string(),
  disabled: z.boolean(),
});
export type User = z.output<typeof userSchema>;

/** POST /api/auth/login and /api/auth/setup. */
export const sessionSchema = z.object({ user: userSchema, token: z.string() });
/** GET /api/auth/me. */
export const meSchema = z.object({ user: userSchema });
