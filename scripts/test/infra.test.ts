import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVICE_NODE_FLAGS } from '@hebing/service-kit';
import {
  composeEnv,
  documentedEnv,
  documentedFor,
  envKeysReadByApp,
  extractEnvKeys,
  k8sEnvNames,
  listDeployableApps,
  podContainers,
  readCompose,
  readK8s,
  type K8sObject,
} from './infra-lib';

const ROOT = resolve(import.meta.dirname, '..', '..');
const apps = listDeployableApps(ROOT);
const compose = readCompose(ROOT);
const k8sFiles = readK8s(ROOT);
const k8s = k8sFiles.flatMap((f) => f.objects);
const docEnv = documentedEnv(ROOT);

/** Every variable an app must be given: what its code reads plus what the platform table assigns it. */
function requiredEnv(app: (typeof apps)[number]): string[] {
  const fromDoc = [...docEnv].filter(([, who]) => documentedFor(who, app)).map(([name]) => name);
  return [...new Set([...envKeysReadByApp(ROOT, app.folder), ...fromDoc])].sort();
}

const find = (kind: string, name: string): K8sObject | undefined =>
  k8s.find((o) => o.kind === kind && o.metadata.name === name);

describe('the env-var readers the infra check relies on', () => {
  it('extracts the keys of a zod env object', () => {
    const src = `const ZEnv = z.object({\n  MONGO_URL: z.string(),\n  PORT: z.coerce.number(),\n  lower: z.string(),\n});`;
    expect(extractEnvKeys(src)).toEqual(['MONGO_URL', 'PORT']);
  });

  it('reads the documented variables from platform-api.md', () => {
    for (const v of [
      'MONGO_URL',
      'REDIS_URL',
      'INTERNAL_TOKEN_SECRET',
      'PORT',
      'SERVICE_URLS',
      'HEBING_DEMO',
    ]) {
      expect(docEnv.has(v), v).toBe(true);
    }
  });

  it('finds the gateway and at least one service, and the variables the gateway code reads', () => {
    expect(apps.map((a) => a.folder)).toContain('gateway');
    expect(apps.some((a) => !a.isGateway)).toBe(true);
    const gatewayKeys = envKeysReadByApp(ROOT, 'gateway');
    expect(gatewayKeys).toEqual(
      expect.arrayContaining(['MONGO_URL', 'SERVICE_URLS', 'INTERNAL_TOKEN_SECRET']),
    );
  });

  it("follows a service's env schema into service-kit's ZServiceEnv", () => {
    for (const app of apps.filter((a) => !a.isGateway)) {
      expect(envKeysReadByApp(ROOT, app.folder), app.folder).toEqual(
        expect.arrayContaining(['MONGO_URL', 'REDIS_URL', 'INTERNAL_TOKEN_SECRET', 'PORT', 'HEBING_DEMO']),
      );
    }
  });
});

describe('infra/compose.yml', () => {
  it.each(apps.map((a) => [a.folder, a] as const))(
    'runs %s from the pruned Dockerfile with every variable it reads',
    (folder, app) => {
      const svc = compose.services[folder];
      expect(svc, `compose service ${folder}`).toBeDefined();
      expect(svc?.build?.dockerfile).toBe('infra/Dockerfile');
      expect(svc?.build?.args?.APP).toBe(folder);
      const env = composeEnv(svc ?? {});
      const missing = requiredEnv(app).filter((k) => env[k] === undefined);
      expect(missing, `variables missing for ${folder}`).toEqual([]);
      expect(svc?.depends_on).toMatchObject({
        'mongo-init': { condition: 'service_completed_successfully' },
      });
    },
  );

  it('routes the gateway to every service by its compose name and port', () => {
    const env = composeEnv(compose.services.gateway ?? {});
    const routes = new Map((env.SERVICE_URLS ?? '').split(',').map((p) => p.split('=') as [string, string]));
    for (const app of apps.filter((a) => !a.isGateway)) {
      const port = composeEnv(compose.services[app.folder] ?? {}).PORT;
      expect(routes.get(app.service), app.service).toBe(`http://${app.folder}:${port}`);
    }
  });

  it('runs MongoDB as an initiated 3-member replica set and points MONGO_URL at it', () => {
    const members = Object.entries(compose.services).filter(([, s]) =>
      [s.command].flat().join(' ').includes('--replSet rs0'),
    );
    expect(members).toHaveLength(3);
    const init = compose.services['mongo-init'];
    expect([init?.entrypoint].flat().join('\n')).toContain('rs.initiate');
    for (const app of apps)
      expect(composeEnv(compose.services[app.folder] ?? {}).MONGO_URL).toContain('replicaSet=rs0');
  });

  it('runs Redis with AOF and noeviction', () => {
    const cmd = [compose.services.redis?.command].flat().join(' ');
    expect(cmd).toMatch(/--appendonly yes/);
    expect(cmd).toMatch(/--maxmemory-policy noeviction/);
  });
});

describe('infra/k8s', () => {
  const kustomization = readFileSync(join(ROOT, 'infra', 'k8s', 'kustomization.yaml'), 'utf8');

  it.each(apps.map((a) => [a.folder, a] as const))(
    'deploys %s with probes, resources, a Service and an HPA',
    (folder) => {
      const deployment = find('Deployment', folder);
      expect(deployment, `Deployment ${folder}`).toBeDefined();
      const [container] = podContainers(deployment ?? ({} as K8sObject));
      expect(container?.image).toMatch(new RegExp(`/${folder}:`));
      expect(container?.readinessProbe?.httpGet?.path).toBe('/readyz');
      expect(container?.livenessProbe?.httpGet?.path).toBe('/healthz');
      expect(container?.resources?.requests?.cpu).toBeDefined();
      expect(container?.resources?.requests?.memory).toBeDefined();
      expect(container?.resources?.limits?.memory).toBeDefined();
      expect(find('Service', folder), `Service ${folder}`).toBeDefined();
      const hpa = find('HorizontalPodAutoscaler', folder);
      expect(hpa?.spec).toMatchObject({ scaleTargetRef: { kind: 'Deployment', name: folder } });
      expect(kustomization).toContain(`- ${folder}.yaml`);
    },
  );

  it.each(apps.map((a) => [a.folder, a] as const))('gives %s every variable it reads', (folder, app) => {
    const [container] = podContainers(find('Deployment', folder) ?? ({} as K8sObject));
    expect(container).toBeDefined();
    const names = k8sEnvNames(container ?? { name: '', image: '' }, k8s);
    expect(requiredEnv(app).filter((k) => !names.has(k))).toEqual([]);
  });

  it('references only Secret keys that the example Secret documents', () => {
    const secret = find('Secret', 'hebing-secrets');
    const keys = new Set(Object.keys({ ...secret?.data, ...secret?.stringData }));
    for (const app of apps) {
      const [container] = podContainers(find('Deployment', app.folder) ?? ({} as K8sObject));
      for (const e of container?.env ?? []) {
        const ref = (e.valueFrom as { secretKeyRef?: { name: string; key: string } } | undefined)
          ?.secretKeyRef;
        if (ref) expect(keys.has(ref.key), `${app.folder}: ${ref.key}`).toBe(true);
      }
    }
  });

  it('routes the gateway to every service through its Service and container port', () => {
    const [gw] = podContainers(find('Deployment', 'gateway') ?? ({} as K8sObject));
    const urls = gw?.env?.find((e) => e.name === 'SERVICE_URLS')?.value ?? '';
    const routes = new Map(urls.split(',').map((p) => p.split('=') as [string, string]));
    for (const app of apps.filter((a) => !a.isGateway)) {
      const [c] = podContainers(find('Deployment', app.folder) ?? ({} as K8sObject));
      const port = c?.env?.find((e) => e.name === 'PORT')?.value;
      expect(routes.get(app.service), app.service).toBe(`http://${app.folder}:${port}`);
    }
  });

  it('runs Redis with AOF and noeviction and MongoDB as a replica set with an init Job', () => {
    const redis = find('StatefulSet', 'redis');
    expect(JSON.stringify(redis?.spec)).toMatch(/--maxmemory-policy","noeviction/);
    expect(JSON.stringify(redis?.spec)).toMatch(/--appendonly","yes/);
    expect(JSON.stringify(find('StatefulSet', 'mongo')?.spec)).toContain('--replSet');
    expect(JSON.stringify(find('Job', 'mongo-init')?.spec)).toContain('rs.initiate');
  });
});

describe('infra/Dockerfile', () => {
  const dockerfile = readFileSync(join(ROOT, 'infra', 'Dockerfile'), 'utf8');

  it('is multi-stage, prunes the workspace and installs from the lockfile', () => {
    expect(dockerfile.match(/^FROM /gm)?.length ?? 0).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toMatch(/turbo prune/);
    expect(dockerfile).toMatch(/pnpm install --frozen-lockfile/);
    expect(dockerfile).toMatch(/^USER node$/m);
  });

  it('starts the app with the V8 flags the local stack and benchmarks use', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    const argv = JSON.parse(cmd ?? '[]') as string[];
    expect(argv.slice(0, 1 + SERVICE_NODE_FLAGS.length)).toEqual(['node', ...SERVICE_NODE_FLAGS]);
    expect(argv.slice(-3)).toEqual(['--import', 'tsx', 'src/main.ts']);
  });
});
