import type { IncomingMessage } from 'node:http';
import type { Response } from 'express';
import { ABSOLUTE_TIMEOUT_MS } from './session.store';

export interface CookieConfig {
  secure: boolean; // true when PUBLIC_ORIGIN is https
}

/** `__Host-` pins the cookie to this host and path `/`; browsers only accept it over https. */
export function cookieName(cfg: CookieConfig): string {
  return cfg.secure ? '__Host-hebing_sid' : 'hebing_sid';
}

export function readSessionCookie(
  req: Pick<IncomingMessage, 'headers'>,
  cfg: CookieConfig,
): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  const name = cookieName(cfg);
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const v = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{43}$/.test(v) ? v : undefined;
    }
  }
  return undefined;
}

export function setSessionCookie(res: Response, cfg: CookieConfig, id: string): void {
  res.cookie(cookieName(cfg), id, {
    httpOnly: true,
    sameSite: 'strict',
    secure: cfg.secure,
    path: '/',
    maxAge: ABSOLUTE_TIMEOUT_MS,
  });
}

export function clearSessionCookie(res: Response, cfg: CookieConfig): void {
  res.clearCookie(cookieName(cfg), { httpOnly: true, sameSite: 'strict', secure: cfg.secure, path: '/' });
}
