// A local SMTP server (smtp-server) for the notification tests: it speaks real SMTP, takes
// any login or none, never offers TLS, and keeps every message it receives, parsed with
// mailparser. It can also refuse the next messages, as a mail server having trouble would.
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: string;
  subject: string;
  text: string;
  html: string;
  /** Header names in lower case; raw values as sent (unfolded, not decoded). */
  headers: Map<string, string>;
  parsed: ParsedMail;
}

export interface FakeSmtp {
  /** For SMTP_URL. */
  url: string;
  port: number;
  messages: ReceivedMail[];
  /** Messages whose envelope is addressed to `address`. */
  to(address: string): ReceivedMail[];
  /** Answer the next `count` messages with a temporary failure (451). */
  failNext(count: number): void;
  reset(): void;
  close(): Promise<void>;
}

/** Listens on `port` when given (to come back where a stopped one was), else on a free one. */
export async function startFakeSmtp(port = 0): Promise<FakeSmtp> {
  let failures = 0;
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'test' });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (failures > 0) {
          failures -= 1;
          const error = new Error('Try again later') as Error & { responseCode: number };
          error.responseCode = 451;
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then(
          (parsed) => {
            const from = session.envelope.mailFrom;
            messages.push({
              envelope: {
                from: from ? from.address : '',
                to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              },
              raw,
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              headers: new Map(
                parsed.headerLines.map(({ key, line }) => [
                  key.toLowerCase(),
                  line
                    .slice(line.indexOf(':') + 1)
                    .replace(/\r?\n[ \t]+/g, ' ')
                    .trim(),
                ]),
              ),
              parsed,
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const listening = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${listening}`,
    port: listening,
    messages,
    to: (address) => messages.filter((message) => message.envelope.to.includes(address)),
    failNext(count) {
      failures = count;
    },
    reset() {
      messages.splice(0);
      failures = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Starts the fake for this test file and empties it before each test. */
export function useFakeSmtp(): { current(): FakeSmtp } {
  let fake: FakeSmtp | undefined;
  beforeAll(async () => {
    fake = await startFakeSmtp();
  });
  beforeEach(() => fake?.reset());
  afterAll(async () => {
    await fake?.close();
  });
  return {
    current() {
      if (!fake) throw new Error('the fake SMTP server starts in beforeAll');
      return fake;
    },
  };
}
