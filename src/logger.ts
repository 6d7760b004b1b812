// The root logger. Secrets are removed here, at the logger, so that no call site has to
// remember: values under known secret keys are censored by path, and anything shaped like
// an email address is masked in the finished line, whatever field or message it sits in.
import pino, { type Logger } from 'pino';

export type { Logger };

// Addresses are found token by token (runs of characters that can appear in one, cut at
// spaces, quotes and URL delimiters), with plain string searches: linear on any input, so a
// hostile URL cannot make logging slow. "%40" catches addresses in URL-encoded query strings.
const TOKEN = /[^\s"'<>(),;:\\=&?/]+/g;

function looksLikeEmail(token: string): boolean {
  const at = token.indexOf('@');
  const encodedAt = token.toLowerCase().indexOf('%40');
  const first = at === -1 ? encodedAt : encodedAt === -1 ? at : Math.min(at, encodedAt);
  return first > 0 && token.indexOf('.', first) > first + 1;
}

const SECRET_KEYS = ['email', 'password', 'token', 'authorToken', 'secret', 'authorization', 'cookie'];
const REDACT_PATHS = [
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["parley-author-token"]',
  'req.headers["parley-moderation-hash"]',
  'res.headers["set-cookie"]',
];

export function maskEmails(text: string): string {
  return text.replace(TOKEN, (token) => (looksLikeEmail(token) ? '[email]' : token));
}

export function createLogger(
  options: { level?: string; destination?: pino.DestinationStream; name?: string } = {},
): Logger {
  return pino(
    {
      name: options.name ?? 'parley',
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: { streamWrite: maskEmails },
    },
    options.destination,
  );
}
