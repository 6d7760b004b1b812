// The root logger. Secrets are removed here, at the logger, so that no call site has to
// remember: known secret keys are censored by path, and anything that looks like an
// email address is masked wherever it appears in a logged value or message.
import pino, { type Logger } from 'pino';

export type { Logger };

const EMAIL_PATTERN = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[^\s@"'<>(),;:]+/g;
const SECRET_KEYS = new Set([
  'email',
  'password',
  'token',
  'authorization',
  'cookie',
  'set-cookie',
  'authortoken',
  'secret',
]);

export function maskEmails(text: string): string {
  return text.replace(EMAIL_PATTERN, '[email]');
}

function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskEmails(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (value instanceof Error) {
    return { type: value.name, message: maskEmails(value.message), code: (value as { code?: unknown }).code };
  }
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEYS.has(key.toLowerCase()) ? '[redacted]' : scrub(item, depth + 1);
  }
  return out;
}

export function createLogger(
  options: { level?: string; destination?: pino.DestinationStream; name?: string } = {},
): Logger {
  return pino(
    {
      name: options.name ?? 'parley',
      level: options.level ?? 'info',
      formatters: { log: (object) => scrub(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === 'string' ? maskEmails(arg) : arg));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    options.destination,
  );
}
