export {
  createHebingClient,
  serviceSplitLink,
  serviceOf,
  MAX_BATCH_ITEMS,
  type HebingClient,
  type HebingClientOptions,
} from './client';
export type { HebingRouter } from './routers';
export type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
