import type { AuthedContext } from '@hebing/service-kit';
import type { Caller } from '../lib/caller';

export function callerOf(ctx: AuthedContext): Caller {
  return { actor: ctx.actor, requestId: ctx.requestId, jurisdiction: ctx.auth.jurisdiction };
}
