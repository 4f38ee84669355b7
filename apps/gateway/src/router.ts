import { createAuditRouter, router } from '@hebing/service-kit';
import { createAccountRouter, createUsersRouter } from './users/users.router';
import type { UsersDeps } from './users/users.service';

/**
 * The gateway's own procedures, served in-process under `gateway.*` (users, own account, the
 * gateway's audit log: logins, refusals, user changes).
 */
export function createGatewayRouter(deps: UsersDeps) {
  return router({
    gateway: router({
      users: createUsersRouter(deps),
      account: createAccountRouter(deps),
      audit: createAuditRouter(deps.conn),
    }),
  });
}

export type Router = ReturnType<typeof createGatewayRouter>;
