// Parley as the benchmark runs it: real processes started the way `npm start` and
// `npm run worker` start them (node --import tsx src/main.ts, src/worker.ts), configured only through
// the environment, with a clean environment so nothing from the caller's shell leaks in.
import { freePort } from '../src/db/embedded';
import { type Child, makeTempDir, sleep, startTsx } from './processes';
import { EMAIL_KEY } from './seed';

export interface ParleyServer {
  child: Child;
  base: string;
}

function baseEnv(uri: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    EMAIL_KEY,
    MONGODB_URI: uri,
    // A directory of its own: nothing is written to ./data.
    DATA_DIR: makeTempDir('data'),
    SHUTDOWN_TIMEOUT_MS: '5000',
    ...extra,
  };
}

async function waitUntilReady(base: string, child: Child): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && child.isRunning()) {
    const status = await fetch(`${base}/readyz`)
      .then((res) => res.status)
      .catch(() => 0);
    if (status === 200) return;
    await sleep(100);
  }
  throw new Error(`Parley did not become ready at ${base}\n${child.output().slice(-3000)}`);
}

/**
 * A web process without its worker, for the load rows. It logs warnings only, as a busy
 * install would (a line per request would cost more than some requests), so readiness is
 * read from /readyz rather than from the log.
 */
export async function startWebServer(
  uri: string,
  config: Record<string, string>,
  nodeFlags: string[] = [],
): Promise<ParleyServer> {
  const port = await freePort();
  const env = baseEnv(uri, {
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    WORKER_ENABLED: 'false',
    ...config,
  });
  const child = startTsx('src/main.ts', env, nodeFlags);
  const base = `http://127.0.0.1:${port}`;
  await waitUntilReady(base, child);
  return { child, base };
}

/** `npm start` as an install runs it: web and worker in one process, default settings. */
export async function startInstall(uri: string): Promise<Child> {
  const env = baseEnv(uri, {
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    LOG_LEVEL: 'info',
    WORKER_ENABLED: 'true',
  });
  const child = startTsx('src/main.ts', env);
  await child.waitForLog('database connected');
  return child;
}

/**
 * `npm run worker`, asking the Akismet double at `akismetHost`. It logs at info, the
 * default, because its 'database connected' line says when it starts working.
 */
export async function startWorker(uri: string, akismetHost: string, dnsPreload: string): Promise<Child> {
  const env = baseEnv(uri, {
    LOG_LEVEL: 'info',
    WORKER_POLL_MS: '50',
    AKISMET_KEY: 'benchkey',
    AKISMET_HOST: akismetHost,
    AKISMET_PROTOCOL: 'http',
    AKISMET_TIMEOUT_MS: '5000',
    // Resolves *.akismet.test to 127.0.0.1 and refuses every other outside name.
    NODE_OPTIONS: `--require ${dnsPreload}`,
  });
  const child = startTsx('src/worker.ts', env);
  await child.waitForLog('database connected');
  return child;
}
