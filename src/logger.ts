// The root logger. Secrets are removed here, at the logger, so that no call site has to
// remember: values under known secret keys are censored by path, and anything shaped like
// an email address is masked in the finished line, whatever field or message it sits in.
import pino, { type Logger } from 'pino';

export type { Logger };

// The lookbehind makes a match start only at the beginning of a run of address characters,
// which keeps the scan linear on long strings without an @.
const ADDRESS_CHAR = `[^\\s@"'<>(),;:\\\\]`;
const EMAIL_PATTERN = new RegExp(
  `(?<!${ADDRESS_CHAR})${ADDRESS_CHAR}+@${ADDRESS_CHAR}+\\.${ADDRESS_CHAR}+`,
  'g',
);

const SECRET_KEYS = ['email', 'password', 'token', 'authorToken', 'secret', 'authorization', 'cookie'];
const REDACT_PATHS = [
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["parley-author-token"]',
  'res.headers["set-cookie"]',
];

export function maskEmails(text: string): string {
  return text.replace(EMAIL_PATTERN, '[email]');
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
