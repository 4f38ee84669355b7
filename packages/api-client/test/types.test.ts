import { describe, expect, expectTypeOf, it } from 'vitest';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { UserDto } from '@hebing/contracts';
import { createHebingClient, type HebingRouter } from '../src/index';

describe('HebingRouter (type-only merge)', () => {
  it('types gateway.* and divisions.* paths from the services’ own routers', () => {
    type In = inferRouterInputs<HebingRouter>;
    type Out = inferRouterOutputs<HebingRouter>;
    expectTypeOf<Out['gateway']['users']['create']>().toEqualTypeOf<UserDto>();
    expectTypeOf<In['gateway']['users']['disable']>().toEqualTypeOf<{ id: string; reason: string }>();
    expectTypeOf<keyof Out['divisions']>().toExtend<string>();
    const client = createHebingClient({ url: 'http://127.0.0.1:9/trpc' });
    expect(typeof client.gateway.users.list.query).toBe('function');
    expect(typeof client.divisions.units).toBe('function'); // a proxy: every path is callable
  });
});
