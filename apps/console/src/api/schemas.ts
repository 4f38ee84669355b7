/**
 * Form schemas: the contracts' own zod schemas, so the browser refuses exactly what the service
 * would refuse. Re-exported here so pages import from one place.
 */
export {
  ZCreateUserInput,
  ZUpdateUserInput,
  ZPassword,
  ZUsername,
  ZResetPasswordInput,
  ZDay,
  ZReason,
  ZUnitCode,
  ZVoteInput,
  ZPlanCreateInput,
  ZPlanTarget,
  ZImportStartInput,
} from '@hebing/contracts';
