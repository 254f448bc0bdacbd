import type { CookieOptions } from 'express';

/** The cookie that carries the sign-in token for the pages: httpOnly (no script reads it), SameSite=Strict. */
export const TOKEN_COOKIE = 'giaoviec_token';

export function tokenCookieOptions(maxAgeSeconds: number, secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure, path: '/api', maxAge: maxAgeSeconds * 1000 };
}
