import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import {
  ZChangePasswordInput,
  ZCreateUserInput,
  ZDisableUserInput,
  ZEnableUserInput,
  ZEndSessionsInput,
  ZSessionInfo,
  ZListUsersInput,
  ZListUsersOutput,
  ZResetPasswordInput,
  ZUpdateUserInput,
  ZUserDto,
} from '@hebing/contracts';
import { procedure, publicProcedure, router, type ServiceContext } from '@hebing/service-kit';
import {
  changeOwnPassword,
  createUser,
  disableUser,
  enableUser,
  endSessions,
  listOwnSessions,
  listUsers,
  resetPassword,
  updateUser,
  type Caller,
  type UsersDeps,
} from './users.service';

/** The session user as the domain sees them; procedure(permission) has already required auth. */
export function callerOf(ctx: ServiceContext): Caller {
  if (!ctx.auth) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'not signed in' });
  return {
    actor: { userId: ctx.auth.sub, username: ctx.auth.username },
    requestId: ctx.requestId,
    jurisdiction: ctx.auth.jurisdiction,
  };
}

/** Any signed-in user, whatever their permissions (their own password). */
export const signedInProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.auth) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'not signed in' });
  return next();
});

export function createUsersRouter(deps: UsersDeps) {
  const manage = procedure('users.manage');
  return router({
    list: manage
      .input(ZListUsersInput)
      .output(ZListUsersOutput)
      .query(({ ctx, input }) => listUsers(deps, callerOf(ctx), input)),
    create: manage
      .input(ZCreateUserInput)
      .output(ZUserDto)
      .mutation(({ ctx, input }) => createUser(deps, callerOf(ctx), input)),
    update: manage
      .input(ZUpdateUserInput)
      .output(ZUserDto)
      .mutation(({ ctx, input }) => updateUser(deps, callerOf(ctx), input)),
    disable: manage
      .input(ZDisableUserInput)
      .output(ZUserDto)
      .mutation(({ ctx, input }) => disableUser(deps, callerOf(ctx), input.id, input.reason)),
    enable: manage
      .input(ZEnableUserInput)
      .output(ZUserDto)
      .mutation(({ ctx, input }) => enableUser(deps, callerOf(ctx), input.id)),
    resetPassword: manage
      .input(ZResetPasswordInput)
      .output(ZUserDto)
      .mutation(({ ctx, input }) => resetPassword(deps, callerOf(ctx), input.id, input.password)),
    endSessions: manage
      .input(ZEndSessionsInput)
      .mutation(({ ctx, input }) => endSessions(deps, callerOf(ctx), input.id, input.reason)),
  });
}

export function createAccountRouter(deps: UsersDeps) {
  return router({
    changePassword: signedInProcedure.input(ZChangePasswordInput).mutation(async ({ ctx, input }) => {
      await changeOwnPassword(deps, callerOf(ctx), input.currentPassword, input.newPassword);
      return { ok: true as const };
    }),
    sessions: signedInProcedure
      .output(z.array(ZSessionInfo))
      .query(({ ctx }) => listOwnSessions(deps, callerOf(ctx))),
  });
}
