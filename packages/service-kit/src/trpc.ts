import { initTRPC, TRPCError } from '@trpc/server';
import { AppError, hasPermission, type Permission } from '@hebing/contracts';
import type { AuthedContext, ServiceContext } from './context';
import { errorFormatter, toTRPCError } from './errors';

/** The one tRPC instance every service and the gateway build their routers with. */
const t = initTRPC.context<ServiceContext>().create({
  errorFormatter,
  // Never send stacks to callers, whatever NODE_ENV says.
  isDev: false,
});

export const router = t.router;
export const middleware = t.middleware;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;

/** Times every call and turns domain/storage errors into the right tRPC codes. */
const core = t.middleware(async ({ ctx, path, type, next }) => {
  const started = performance.now();
  const result = await next();
  const error = result.ok ? null : toTRPCError(result.error);
  ctx.metrics?.observe(path, type, error ? error.code : 'OK', (performance.now() - started) / 1000);
  if (error) {
    if (error.code === 'INTERNAL_SERVER_ERROR')
      ctx.log.error({ err: error.cause ?? error, path }, 'procedure failed');
    throw error;
  }
  return result;
});

export const publicProcedure = t.procedure.use(core);

const authzCache = new Map<Permission, ReturnType<typeof authorize>>();

function authorize(permission: Permission) {
  return t.middleware(({ ctx, next }) => {
    const auth = ctx.auth;
    if (!auth) {
      throw new TRPCError({ code: 'UNAUTHORIZED', message: ctx.authError ?? 'missing internal token' });
    }
    if (!hasPermission(auth.roles, permission)) {
      throw toTRPCError(new AppError('FORBIDDEN', `permission ${permission} required`, { permission }));
    }
    const authed: AuthedContext = { ...ctx, auth, actor: { userId: auth.sub, username: auth.username } };
    return next({ ctx: authed });
  });
}

/** A procedure callable only with a valid token whose roles grant `permission`. */
export function procedure(permission: Permission) {
  let mw = authzCache.get(permission);
  if (!mw) {
    mw = authorize(permission);
    authzCache.set(permission, mw);
  }
  return publicProcedure.use(mw);
}
