// The root logger. Secrets are removed here, at the logger, so that no call site has to
// remember: values under known secret keys are censored by path, and anything shaped like
// an email address is masked in the finished line, whatever field or message it sits in.
// Lines are JSON, or made readable for a person at a terminal (chooseLogFormat).
import pino, { type Logger } from 'pino';
import { isColorSupported, prettyFactory } from 'pino-pretty';

export type { Logger };

export type LogFormat = 'pretty' | 'json';
/** LOG_FORMAT (src/config.ts). */
export type LogFormatSetting = LogFormat | 'auto';

/**
 * LOG_FORMAT=auto: readable lines for a person at a terminal; JSON in production and
 * whenever stdout is not a terminal (a pipe, a file, a log shipper, the process tests).
 */
export function chooseLogFormat(input: {
  isTTY: boolean;
  nodeEnv: string;
  override: LogFormatSetting;
}): LogFormat {
  if (input.override !== 'auto') return input.override;
  return input.isTTY && input.nodeEnv !== 'production' ? 'pretty' : 'json';
}

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

/**
 * Query parameters that carry a credential (a link's token, a reader's author token) or a
 * moderator's search words (`q`: often a commenter's name or email, which an erasure on
 * request could not take back out of a log).
 */
const SECRET_QUERY = /([?&](?:token|authorToken|moderation-hash|q)=)[^&#]*/gi;

/** A request URL fit for a log line: credentials and search words in its query are replaced. */
export function maskUrlSecrets(url: string | undefined): string | undefined {
  return url?.replace(SECRET_QUERY, '$1[redacted]');
}

export function maskEmails(text: string): string {
  return text.replace(TOKEN, (token) => (looksLikeEmail(token) ? '[email]' : token));
}

/**
 * Formats each finished line, after redaction and masking, and writes it at once: a
 * synchronous write to stdout, so nothing is lost when the process exits right after logging
 * (pino-pretty's own stream and pino's transports hand lines on asynchronously).
 */
function prettyDestination(destination?: pino.DestinationStream): pino.DestinationStream {
  const format = prettyFactory({
    colorize: destination ? false : isColorSupported,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'hostname',
  });
  const out = destination ?? pino.destination({ dest: 1, sync: true });
  return { write: (line: string) => out.write(format(line)) };
}

export function createLogger(
  options: { level?: string; destination?: pino.DestinationStream; name?: string; format?: LogFormat } = {},
): Logger {
  return pino(
    {
      name: options.name ?? 'parley',
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: { streamWrite: maskEmails },
    },
    options.format === 'pretty' ? prettyDestination(options.destination) : options.destination,
  );
}
