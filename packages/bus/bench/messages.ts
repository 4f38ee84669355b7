import { z } from 'zod';
import { defineMessage } from '@hebing/contracts';

export const Ping = defineMessage('bench.ping.sent', z.object({ t0: z.number(), i: z.number() }));
export const CONSUMER_CONCURRENCY = 16;
