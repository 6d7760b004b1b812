// The one place that reads the environment. Every key is validated here at start,
// documented in README.md and .env.example, and handed to the rest of the code as `Config`.
import { z } from 'zod';

const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

// Express's `trust proxy` accepts a boolean, a hop count, or a list of addresses/subnets.
const trustProxy = z
  .string()
  .trim()
  .transform((value): boolean | number | string => {
    if (value === 'true') return true;
    if (value === 'false' || value === '') return false;
    if (/^\d+$/.test(value)) return Number(value);
    return value;
  });

const sizeLimit = z.string().regex(/^\d+(b|kb|mb)?$/i, 'must be a size such as 100kb or 1mb');

/** Where `npm start` and `npm run cli` both look when DATA_DIR is not set. */
export const DEFAULT_DATA_DIR = './data';

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  DATA_DIR: z.string().default(DEFAULT_DATA_DIR),
  TRUST_PROXY: trustProxy.default(false),
  BODY_LIMIT: sizeLimit.default('100kb'),
  /** How long a client may take to send a request's headers before its connection is closed (slow clients), in ms. */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(10_000),
  /** How long a client may take to send a whole request, headers and body, before it is answered 408, in ms. */
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** auto: readable lines on a terminal outside production, JSON otherwise; or pretty, or json. */
  LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
  EMAIL_KEY: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
    .optional(),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  WORKER_ENABLED: boolean.default(true),
  /** How long a moderator's login session lasts, in hours. */
  SESSION_TTL_HOURS: z.coerce.number().positive().max(8760).default(12),
  /** How often an idle worker looks for due spam checks and jobs, in milliseconds. */
  WORKER_POLL_MS: z.coerce.number().int().min(10).max(600_000).default(1000),
  /** Spam checks and jobs one worker process handles at once (each mostly waits on Akismet, SMTP or a webhook). */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** How long a worker's claim on a spam check or job lasts before another worker may retake it. */
  WORKER_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  /** Akismet API key used for every site without a key of its own; unset: no Akismet check. */
  AKISMET_KEY: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]+$/, 'must be letters and digits')
    .optional(),
  /** Akismet API host (calls go to KEY.HOST); change it only for a private mirror or tests. */
  AKISMET_HOST: z
    .string()
    .regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, 'must be a host name, optionally with :port')
    .default('rest.akismet.com'),
  /** https, or http for a local test server or a private mirror. */
  AKISMET_PROTOCOL: z.enum(['https', 'http']).default('https'),
  /** Send is_test=1 with every Akismet call, so Akismet does not learn from them. */
  AKISMET_TEST: boolean.default(false),
  /** How long one Akismet call may take before it counts as unavailable, in milliseconds. */
  AKISMET_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  /** SMTP server for notification emails, such as smtp://user:pass@mail.example.com:587; unset: no emails. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/]+/, 'must be smtp://[user:pass@]host[:port] or smtps://...')
    .optional(),
  /** The From of notification emails, such as "Parley <comments@example.com>"; default parley@ PUBLIC_URL's host. */
  MAIL_FROM: z.string().trim().min(3).max(320).optional(),
  /** How long one webhook delivery may take before it counts as failed (and is retried), in milliseconds. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(10_000),
  /** Lets webhooks reach loopback, private and link-local addresses (tests, intranets); default: public addresses only. */
  WEBHOOK_ALLOW_PRIVATE: boolean.default(false),
  /** When set, GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>`; unset: /metrics is open. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Memory for the response bytes of recently read thread pages, in megabytes; 0 turns that cache off. */
  READ_CACHE_MB: z.coerce.number().min(0).max(16_384).default(64),
  /** How long a process trusts what it read of a site or a thread before asking the database again, in ms. */
  READ_CACHE_REVALIDATE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** How long a process may go on using what it read of a site or thread while the database is unreachable, in ms. */
  READ_CACHE_STALE_MS: z.coerce.number().int().min(0).max(86_400_000).default(300_000),
  /** `npm run worker` serves its own GET /metrics on this port (spam-check timings live there); unset: none. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** Live thread streams one process holds open at most; 0 turns live updates off. */
  LIVE_MAX_STREAMS: z.coerce.number().int().min(0).max(100_000).default(2000),
  /** Live thread streams one IP address may hold open on one process. */
  LIVE_MAX_PER_IP: z.coerce.number().int().min(1).max(10_000).default(20),
  /** How often a process looks at each page a live reader has open, in ms (at most once a second). */
  LIVE_POLL_MS: z.coerce.number().int().min(1000).max(60_000).default(1000),
  /** How often an idle live stream sends a comment line, so proxies keep it open, in ms. */
  LIVE_HEARTBEAT_MS: z.coerce.number().int().min(1000).max(120_000).default(20_000),
});

/** Every key Parley reads; README.md and .env.example document each (test/configDocs.test.ts). */
export const CONFIG_KEYS = Object.keys(schema.shape);

export type Config = z.infer<typeof schema> & { PUBLIC_URL: string };

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty values in .env files mean "not set".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = schema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const config = result.data;
  if (config.NODE_ENV === 'production' && !config.EMAIL_KEY) {
    throw new ConfigError('invalid configuration: EMAIL_KEY is required in production');
  }
  const port = config.PORT || 3000;
  return { ...config, PUBLIC_URL: (config.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, '') };
}
