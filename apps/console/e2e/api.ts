import { createHebingClient, type HebingClient } from '@hebing/api-client';
import { inject } from 'vitest';

/**
 * A signed-in tRPC client for looking things up that the browser test then acts on (which
 * county the demo loaded, which codes are free). Assertions stay in the browser.
 */
export async function adminClient(): Promise<HebingClient> {
  const base = inject('stackUrl');
  const res = await fetch(new URL('/auth/login', base), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ username: 'admin', password: inject('adminPassword') }),
  });
  if (!res.ok) throw new Error(`admin login failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return createHebingClient({ url: new URL('/trpc', base).toString(), headers: { cookie, origin: base } });
}

export function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A township of the demo county and two village codes under it that nobody has used. */
export async function freeVillageCodes(
  api: HebingClient,
): Promise<{ county: string; township: string; codes: [string, string] }> {
  const [county] = await api.divisions.units.children.query({ parentCode: null });
  if (!county) throw new Error('no county loaded');
  const townships = await api.divisions.units.children.query({ parentCode: county.code });
  const township = townships.find((t) => t.status === 'active');
  if (!township) throw new Error('no active township');
  const prefix = township.code.slice(0, 9);
  const used = new Set<string>();
  for (const status of ['active', 'abolished'] as const) {
    const page = await api.divisions.units.list.query({
      parentCode: township.code,
      level: 'village',
      status,
      page: 1,
      pageSize: 200,
    });
    for (const u of page.items) used.add(u.code);
  }
  const free: string[] = [];
  for (let n = 399; n >= 200 && free.length < 2; n--) {
    const code = `${prefix}${n}`;
    if (!used.has(code)) free.push(code);
  }
  const [a, b] = free;
  if (!a || !b) throw new Error(`no free village codes under ${township.code}`);
  return { county: county.code.slice(0, 6), township: township.code, codes: [a, b] };
}
