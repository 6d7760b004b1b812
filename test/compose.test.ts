// docker-compose.yml is how site owners deploy Parley. These checks keep its wiring honest
// without Docker: the services, the database volume, the health checks and the config.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../src/config';

interface Service {
  build?: string | { context?: string; dockerfile?: string };
  image?: string;
  depends_on?: string[] | Record<string, { condition?: string }>;
  environment?: string[] | Record<string, string | number | boolean | null>;
  ports?: (string | { target?: number; published?: number | string })[];
  volumes?: (string | { type?: string; source?: string; target?: string })[];
  healthcheck?: { test?: string | string[]; disable?: boolean };
}

interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const root = path.join(__dirname, '..');
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')) as Compose;
const parley = compose.services.parley as Service;
const mongo = compose.services.mongo as Service;

function environmentOf(service: Service): Record<string, string> {
  const entries = Array.isArray(service.environment)
    ? service.environment.map((line) => {
        const [key = '', ...rest] = line.split('=');
        return [key, rest.join('=')];
      })
    : Object.entries(service.environment ?? {}).map(([key, value]) => [key, String(value ?? '')]);
  return Object.fromEntries(entries);
}

/** Compose's `${NAME}`, `${NAME:-default}` and `${NAME:?error}`, against the given host environment. */
function interpolate(value: string, host: Record<string, string>): string {
  return value.replace(
    /\$\{(\w+)(?::([-?])([^}]*))?\}/g,
    (_match, name: string, kind?: string, rest?: string) => {
      const given = host[name];
      if (given) return given;
      if (kind === '?') throw new Error(`${name} is required: ${rest}`);
      return kind === '-' ? (rest ?? '') : '';
    },
  );
}

function volumeMounts(service: Service): { source: string; target: string }[] {
  return (service.volumes ?? []).map((volume) => {
    if (typeof volume !== 'string') return { source: volume.source ?? '', target: volume.target ?? '' };
    const [source = '', target = ''] = volume.split(':');
    return { source, target };
  });
}

describe('docker-compose.yml', () => {
  it('builds parley from the Dockerfile in the repository and publishes port 3000', () => {
    const context = typeof parley.build === 'string' ? parley.build : parley.build?.context;
    const dockerfile =
      typeof parley.build === 'object' ? (parley.build.dockerfile ?? 'Dockerfile') : 'Dockerfile';
    expect(context).toBe('.');
    expect(existsSync(path.join(root, dockerfile))).toBe(true);
    const published = (parley.ports ?? []).map((port) =>
      typeof port === 'string' ? port : `${port.published}:${port.target}`,
    );
    expect(published).toContain('3000:3000');
  });

  it('runs MongoDB 8 with its data on a named volume declared at top level', () => {
    expect(mongo.image).toBe('mongo:8');
    const dataMount = volumeMounts(mongo).find((mount) => mount.target === '/data/db');
    expect(dataMount).toBeDefined();
    // A bare name (not a host path) is a named volume, and compose needs it declared.
    expect(dataMount?.source).toMatch(/^[\w-]+$/);
    expect(Object.keys(compose.volumes ?? {})).toContain(dataMount?.source);
  });

  it('points MONGODB_URI at the mongo service', () => {
    const uri = new URL(environmentOf(parley).MONGODB_URI ?? '');
    expect(uri.protocol).toBe('mongodb:');
    expect(uri.hostname).toBe('mongo');
    expect(uri.port).toBe('27017');
    expect(uri.pathname).toBe('/parley');
    expect(Object.keys(compose.services)).toContain(uri.hostname);
  });

  it('starts parley only once mongo is healthy, and health-checks both', () => {
    expect(parley.depends_on).toEqual({ mongo: { condition: 'service_healthy' } });
    expect(mongo.healthcheck?.disable).not.toBe(true);
    expect([mongo.healthcheck?.test].flat().join(' ')).toContain("db.adminCommand('ping')");
    expect(parley.healthcheck?.disable).not.toBe(true);
    expect([parley.healthcheck?.test].flat().join(' ')).toContain('/healthz');
  });

  it('requires EMAIL_KEY from the host and gives Parley a valid production config', () => {
    const environment = environmentOf(parley);
    expect(environment.EMAIL_KEY).toMatch(/^\$\{EMAIL_KEY:\?[^}]+\}$/);
    expect(() => interpolate(environment.EMAIL_KEY ?? '', {})).toThrow(/EMAIL_KEY is required/);

    // A value for every variable compose takes from the host, so each key below is checked.
    const host = {
      EMAIL_KEY: Buffer.alloc(32, 1).toString('base64'),
      PUBLIC_URL: 'https://comments.example',
      AKISMET_KEY: 'abc123def456',
      TRUST_PROXY: '1',
      LOG_LEVEL: 'warn',
    };
    const resolveWith = (given: Record<string, string>) =>
      Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, interpolate(value, given)]));
    // With only EMAIL_KEY given, the defaults must make a valid config too.
    expect(() => loadConfig(resolveWith({ EMAIL_KEY: host.EMAIL_KEY }))).not.toThrow();

    const resolved = resolveWith(host);
    const config = loadConfig(resolved);
    expect(config.NODE_ENV).toBe('production');
    expect(config.PUBLIC_URL).toBe('https://comments.example');
    expect(config.EMAIL_KEY).toBe(host.EMAIL_KEY);
    expect(config.TRUST_PROXY).toBe(1);
    // Every variable set in compose is one Parley reads (the config drops unknown keys).
    for (const [key, value] of Object.entries(resolved)) {
      expect(value).not.toBe('');
      expect(config).toHaveProperty(key);
    }
  });
});
