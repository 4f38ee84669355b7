import type { Connection } from 'mongoose';
import { ZAuditListInput } from '@hebing/contracts';
import { listAudit, verifyAuditChain } from '@hebing/db';
import { procedure, router } from './trpc';

/**
 * `list` and `verify` over this service's audit log, for `audit.read` holders. Mount it under
 * `audit`: `router({ divisions: router({ ..., audit: createAuditRouter(conn) }) })`.
 * Times travel as ISO strings (no transformer on the wire).
 */
export function createAuditRouter(conn: Connection) {
  return router({
    list: procedure('audit.read')
      .input(ZAuditListInput)
      .query(async ({ input }) => {
        const { page, pageSize, ...filter } = input;
        const result = await listAudit(conn, filter, { page, pageSize });
        return { ...result, items: result.items.map((r) => ({ ...r, at: r.at.toISOString() })) };
      }),
    verify: procedure('audit.read').query(() => verifyAuditChain(conn)),
  });
}
