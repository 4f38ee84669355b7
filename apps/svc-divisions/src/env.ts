import { z } from 'zod';
import { loadEnv, ZServiceEnv } from '@hebing/service-kit';

export const ZDivisionsEnv = ZServiceEnv.extend({
  HEBING_DEMO: z.enum(['0', '1']).default('0'),
});
export type DivisionsEnv = z.infer<typeof ZDivisionsEnv>;

export function readEnv(): DivisionsEnv {
  return loadEnv(ZDivisionsEnv);
}
