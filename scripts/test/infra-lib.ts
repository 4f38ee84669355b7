// Reads infra/ (compose, Kubernetes) and the code's env schemas, so the infra test can check
// that every app is deployed and gets every variable it reads.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

export interface AppInfo {
  folder: string;
  service: string;
  isGateway: boolean;
}

/** Deployable apps: every apps/<folder> with a package.json, except the console (the gateway serves its build). */
export function listDeployableApps(root: string): AppInfo[] {
  return readdirSync(join(root, 'apps'), { withFileTypes: true })
    .filter(
      (d) =>
        d.isDirectory() && d.name !== 'console' && existsSync(join(root, 'apps', d.name, 'package.json')),
    )
    .map((d) => ({ folder: d.name, service: d.name.replace(/^svc-/, ''), isGateway: d.name === 'gateway' }))
    .sort((a, b) => a.folder.localeCompare(b.folder));
}

/** Keys of zod env objects: lines like `  MONGO_URL: z.string()…` in an env schema source. */
export function extractEnvKeys(source: string): string[] {
  const keys = new Set<string>();
  for (const m of source.matchAll(/^\s*([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)\s*:/gm)) if (m[1]) keys.add(m[1]);
  return [...keys].sort();
}

function walkTs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' ? [] : walkTs(p);
    return /\.tsx?$/.test(name) && !/\.(test|spec)\.tsx?$/.test(name) ? [p] : [];
  });
}

/**
 * Variables an app's code reads: the keys of its env schemas (files named env*.ts, or any file
 * calling loadEnv with an inline schema) plus service-kit's ZServiceEnv when the app uses it.
 */
export function envKeysReadByApp(root: string, folder: string): string[] {
  const keys = new Set<string>();
  const kitEnv = join(root, 'packages', 'service-kit', 'src', 'env.ts');
  for (const file of walkTs(join(root, 'apps', folder, 'src'))) {
    const src = readFileSync(file, 'utf8');
    const isEnvModule = /(^|\/)env[^/]*\.ts$/.test(file) || /\bloadEnv\s*\(/.test(src);
    if (isEnvModule) for (const k of extractEnvKeys(src)) keys.add(k);
    if (/\bZServiceEnv\b/.test(src) && existsSync(kitEnv)) {
      const kit = readFileSync(kitEnv, 'utf8');
      const block = /ZServiceEnv\s*=\s*z\.object\(\{([\s\S]*?)\n\}\)/.exec(kit)?.[1] ?? '';
      for (const k of extractEnvKeys(block)) keys.add(k);
    }
  }
  return [...keys].sort();
}

/** The "Environment variables" table of docs/platform-api.md: var → who reads it. */
export function documentedEnv(root: string): Map<string, string> {
  const doc = readFileSync(join(root, 'docs', 'platform-api.md'), 'utf8');
  const out = new Map<string, string>();
  for (const m of doc.matchAll(/^\|\s*`([A-Z][A-Z0-9_]+)`\s*\|\s*([^|]+)\|/gm)) {
    if (m[1] && m[2]) out.set(m[1], m[2].trim());
  }
  return out;
}

/** Whether a documented variable (by its "who" column) applies to this app. */
export function documentedFor(who: string, app: AppInfo): boolean {
  const w = who.toLowerCase();
  if (w.includes('every process')) return true;
  if (app.isGateway) return /\bgateway\b/.test(w);
  return w.includes('every service') || w.includes('svc-') || w.includes('services');
}

// ---- compose ----------------------------------------------------------------------------

export interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string; args?: Record<string, string> };
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: Record<string, { condition?: string }> | string[];
  command?: string[] | string;
  entrypoint?: string[] | string;
  ports?: string[];
  healthcheck?: unknown;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export function readCompose(root: string): ComposeFile {
  return parse(readFileSync(join(root, 'infra', 'compose.yml'), 'utf8'), { merge: true }) as ComposeFile;
}

export function composeEnv(svc: ComposeService): Record<string, string> {
  const env = svc.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((kv) => [kv.split('=')[0] ?? kv, kv.slice(kv.indexOf('=') + 1)]));
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

// ---- kubernetes -------------------------------------------------------------------------

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  // Manifests are open-ended; tests read the parts they check.
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

export function readK8s(root: string): { file: string; objects: K8sObject[] }[] {
  const dir = join(root, 'infra', 'k8s');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((file) => ({
      file,
      objects: parseAllDocuments(readFileSync(join(dir, file), 'utf8'))
        .map((d) => d.toJS() as K8sObject | null)
        .filter((o): o is K8sObject => o !== null),
    }));
}

export interface K8sContainer {
  name: string;
  image: string;
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

export function podContainers(deployment: K8sObject): K8sContainer[] {
  const spec = deployment.spec as { template?: { spec?: { containers?: K8sContainer[] } } } | undefined;
  return spec?.template?.spec?.containers ?? [];
}

/** Names a container gets: its env list plus every key of the ConfigMaps/Secrets in envFrom. */
export function k8sEnvNames(container: K8sContainer, all: K8sObject[]): Set<string> {
  const names = new Set((container.env ?? []).map((e) => e.name));
  for (const from of container.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    const kind = from.configMapRef ? 'ConfigMap' : 'Secret';
    const obj = all.find((o) => o.kind === kind && o.metadata.name === ref?.name);
    for (const k of Object.keys({ ...obj?.data, ...obj?.stringData })) names.add(k);
  }
  return names;
}
