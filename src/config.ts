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

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  DATA_DIR: z.string().default('./data'),
  TRUST_PROXY: trustProxy.default(false),
  BODY_LIMIT: sizeLimit.default('100kb'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  EMAIL_KEY: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
    .optional(),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  WORKER_ENABLED: boolean.default(true),
});

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
