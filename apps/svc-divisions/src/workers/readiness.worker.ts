import { ReadinessEvents } from '@hebing/contracts';
import type { Bus } from '@hebing/bus';
import type { Deps } from '../lib/deps';
import { applyReadinessReport } from '../features/readiness/readiness-query.service';

/** Feeds the readiness read model from other services' reports (idempotent via the bus inbox). */
export function startReadinessSubscriber(bus: Bus, deps: Deps) {
  return bus.subscribe(ReadinessEvents.reported, 'readiness', (payload, meta, session) =>
    applyReadinessReport(deps.conn, session, payload, meta.eventId),
  );
}
