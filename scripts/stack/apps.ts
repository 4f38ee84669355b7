import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface AppEntry {
  /** Folder name under apps/, e.g. `svc-divisions`. */
  folder: string;
  /** Service name used in `/trpc/<service>.*` and SERVICE_URLS, e.g. `divisions`. */
  service: string;
  dir: string;
  main: string;
  isGateway: boolean;
}

/** Every `apps/<folder>/src/main.ts` except the console (served by the gateway as a build). */
export function discoverApps(root: string): AppEntry[] {
  const appsDir = join(root, 'apps');
  if (!existsSync(appsDir)) return [];
  return readdirSync(appsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'console')
    .map((d) => ({ folder: d.name, dir: join(appsDir, d.name) }))
    .filter((a) => existsSync(join(a.dir, 'src', 'main.ts')))
    .map((a) => ({
      ...a,
      main: join(a.dir, 'src', 'main.ts'),
      service: a.folder.replace(/^svc-/, ''),
      isGateway: a.folder === 'gateway',
    }))
    .sort((a, b) => a.folder.localeCompare(b.folder));
}

/** `divisions=http://127.0.0.1:4101,placement=…` — the gateway's routing table. */
export function serviceUrls(ports: Map<string, number>): string {
  return [...ports].map(([service, port]) => `${service}=http://127.0.0.1:${port}`).join(',');
}
