import { z } from 'zod';
import { defineMessage } from '@hebing/contracts';

export const Ping = defineMessage('bench.ping.sent', z.object({ t0: z.number(), i: z.number() }));
/** A subscriber that needs no per-aggregate order may run many events at once (and group-commit them). */
export const CONSUMER_CONCURRENCY = 32;
