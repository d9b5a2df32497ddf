// Who is calling: the session cookie or an `Authorization: Bearer` token (session or API token).
import type { Request, RequestHandler, Response } from 'express';
import { ApiError } from '../errors.js';
import type { User, UserService } from '../services/user-service.js';

export const SESSION_COOKIE = 'stepwise_session';

export function tokenFrom(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || undefined;
  const cookies = req.headers.cookie;
  if (!cookies) return undefined;
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE)
      return decodeCookie(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** A cookie value that is not valid percent-encoding is no token (a 401 later), not a 500. */
function decodeCookie(value: string): string | undefined {
  try {
    return decodeURIComponent(value) || undefined;
  } catch {
    return undefined;
  }
}

/** Sets res.locals.user when the request carries a valid token; never rejects. */
export function identify(users: UserService): RequestHandler {
  return (req, res, next) => {
    const token = tokenFrom(req);
    if (token) {
      const found = users.authenticate(token);
      if (found) res.locals.user = found.user;
    }
    next();
  };
}

export const requireUser: RequestHandler = (_req, res, next) => {
  if (!res.locals.user)
    return next(
      new ApiError(
        'UNAUTHENTICATED',
        'Log in first, or send an API token as "Authorization: Bearer <token>"',
      ),
    );
  next();
};

export const requireAdmin: RequestHandler = (_req, res, next) => {
  if ((res.locals.user as User | undefined)?.role !== 'admin')
    return next(new ApiError('FORBIDDEN', 'Only an admin can do this'));
  next();
};

export function currentUser(res: Response): User {
  return res.locals.user as User;
}
