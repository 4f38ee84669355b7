import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInternalToken } from '@hebing/service-kit';
import { createAppRouter } from '../src/router';
import { SECRET, startStack, type Stack } from './helpers';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ today: '2026-11-21', busWorkers: false });
}, 60_000);
afterAll(() => stack?.stop());

/** Every procedure of the router, with its kind (read from the router itself, so new ones are covered). */
function procedures(): { path: string; type: string }[] {
  const r = createAppRouter(stack.deps, async () => {});
  const entries: [string, unknown][] = Object.entries(r._def.procedures);
  return entries.map(([path, p]) => {
    const def: unknown =
      p !== null && (typeof p === 'object' || typeof p === 'function') ? Reflect.get(p, '_def') : null;
    const type: unknown = def !== null && typeof def === 'object' ? Reflect.get(def, 'type') : null;
    return { path, type: String(type) };
  });
}

async function call(path: string, type: string, token: string | null): Promise<number> {
  const headers: Record<string, string> = token ? { 'x-hebing-token': token } : {};
  const res =
    type === 'query'
      ? await fetch(`${stack.url}/${path}?input=${encodeURIComponent('{}')}`, { headers })
      : await fetch(`${stack.url}/${path}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: '{}',
        });
  await res.text();
  return res.status;
}

describe('every procedure declares a permission', () => {
  it('refuses every procedure without a token (401) and with a token granting nothing (403)', async () => {
    const list = procedures();
    expect(list.length).toBeGreaterThan(25);
    const none = signInternalToken(
      {
        sub: 'n',
        username: 'nobody',
        displayName: 'n',
        roles: [],
        jurisdiction: { scope: 'all' },
        requestId: 'r',
      },
      SECRET,
    );
    for (const p of list) {
      expect([p.path, await call(p.path, p.type, null)]).toEqual([p.path, 401]);
      expect([p.path, await call(p.path, p.type, none)]).toEqual([p.path, 403]);
    }
  });

  it('lets a read-only role read but not write', async () => {
    const auditor = signInternalToken(
      {
        sub: 'a',
        username: 'auditor',
        displayName: 'a',
        roles: ['auditor'],
        jurisdiction: { scope: 'all' },
        requestId: 'r',
      },
      SECRET,
    );
    for (const p of procedures()) {
      const status = await call(p.path, p.type, auditor);
      // Reads get past authorization (and then fail on the empty input with 400); writes stop at 403.
      expect([p.path, status === 403]).toEqual([
        p.path,
        p.type === 'mutation' && !p.path.endsWith('.export'),
      ]);
    }
  });
});
