// Builds the real app for supertest, with a controllable clock and a logger whose
// lines the test can read (to prove, for example, that no email is ever logged).
import { Writable } from 'node:stream';
import { type AppDeps, createParley } from '../../src/app';
import { type Config, loadConfig } from '../../src/config';
import { createLogger, type Logger } from '../../src/logger';
import { createEmailVault } from '../../src/privacy/emailVault';
import { createTestClock, type TestClock } from './clock';

export const TEST_EMAIL_KEY = Buffer.alloc(32, 7).toString('base64');

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: 'http://parley.test',
    EMAIL_KEY: TEST_EMAIL_KEY,
    LOG_LEVEL: 'info',
    WORKER_ENABLED: 'false',
    // Tests change sites and threads behind the app's back: it asks the database every time
    // (the read-cache tests set their own value).
    READ_CACHE_REVALIDATE_MS: '0',
    ...overrides,
  });
}

export interface TestAppOptions {
  config?: Record<string, string>;
  clock?: TestClock;
  /** More of the app's dependencies (events, metrics), made from the test's clock and logger. */
  extras?: (base: { clock: TestClock; log: Logger }) => Partial<AppDeps>;
}

export function buildTestApp(options: TestAppOptions = {}) {
  const config = testConfig(options.config);
  const clock = options.clock ?? createTestClock();
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      logLines.push(chunk.toString());
      callback();
    },
  });
  const log = createLogger({ level: config.LOG_LEVEL, destination });
  const vault = createEmailVault(Buffer.from(TEST_EMAIL_KEY, 'base64'));
  const { app, listener, warmReads, metrics, live } = createParley({
    config,
    log,
    clock,
    vault,
    ...options.extras?.({ clock, log }),
  });
  return { app, listener, warmReads, metrics, live, config, clock, log, logLines, vault };
}
