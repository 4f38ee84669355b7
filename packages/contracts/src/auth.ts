import { z } from 'zod';
import { ZRole } from './roles';
import { ZJurisdiction } from './jurisdiction';

/** What the gateway signs into the short-lived internal token for every proxied request. */
export const ZAuthClaims = z.object({
  sub: z.string(), // user id
  username: z.string(),
  displayName: z.string(),
  roles: z.array(ZRole),
  jurisdiction: ZJurisdiction,
  requestId: z.string(),
  iat: z.number().int(), // seconds
  exp: z.number().int(), // seconds
});
export type AuthClaims = z.infer<typeof ZAuthClaims>;

/** The actor recorded on every change and audit record. */
export const ZActor = z.object({ userId: z.string(), username: z.string() });
export type Actor = z.infer<typeof ZActor>;

export const INTERNAL_TOKEN_HEADER = 'x-hebing-token';
export const REQUEST_ID_HEADER = 'x-request-id';
