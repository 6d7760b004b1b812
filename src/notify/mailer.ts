// Sending email over SMTP (nodemailer). Without SMTP_URL nothing is sent: callers record
// why, and the missing setting is logged once per process rather than on every email.
import nodemailer from 'nodemailer';
import type { Config } from '../config';
import type { Logger } from '../logger';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  readonly isConfigured: boolean;
  /** Sends one message; resolves with the SMTP server's message id. */
  send(message: MailMessage): Promise<string>;
  /** Why nothing can be sent (logged the first time it is asked). */
  notConfiguredReason(): string;
}

// Well within the job lease (WORKER_LEASE_MS, 60 s by default), so a slow server fails
// the attempt and is retried instead of letting another worker send the same email.
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

export function defaultMailFrom(config: Config): string {
  return config.MAIL_FROM ?? `Parley <parley@${new URL(config.PUBLIC_URL).hostname}>`;
}

export function createMailer(config: Config, log: Logger): Mailer {
  const from = defaultMailFrom(config);
  const transport = config.SMTP_URL
    ? nodemailer.createTransport({
        url: config.SMTP_URL,
        ...TIMEOUTS,
        // Messages are built from our own templates: never read files or URLs into them.
        disableFileAccess: true,
        disableUrlAccess: true,
      })
    : undefined;
  let isReported = false;

  return {
    isConfigured: transport !== undefined,
    async send(message) {
      if (!transport) throw new Error('SMTP_URL is not set');
      const info = await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: { 'Auto-Submitted': 'auto-generated', ...message.headers },
      });
      return String(info.messageId);
    },
    notConfiguredReason() {
      if (!isReported) {
        isReported = true;
        log.warn('SMTP_URL is not set: notification emails are not sent');
      }
      return 'SMTP_URL is not set';
    },
  };
}
