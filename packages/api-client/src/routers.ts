import type { TRPCMergeRouters } from '@trpc/server';
// Type-only imports: api-client never loads a service's runtime code. Each service's root
// router has a single key, its name, so merging the records gives `<service>.<path>` paths.
import type { Router as GatewayRouter } from '../../../apps/gateway/src/router';
import type { Router as DivisionsRouter } from '../../../apps/svc-divisions/src/router';

/** Adding a service: import its `Router` type above and add it to this list. */
export type HebingRouter = TRPCMergeRouters<[GatewayRouter, DivisionsRouter]>;
