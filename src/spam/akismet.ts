// Akismet through akismet-api, with the timeout the library lacks. A call that times out
// counts as unavailable; its late answer, whenever it comes, is ignored.
import { performance } from 'node:perf_hooks';
import { AkismetClient } from 'akismet-api';
import type { Config } from '../config';

/** The fields Akismet's comment-check, submit-spam and submit-ham take. */
export interface AkismetComment {
  blog: string;
  blog_lang: string;
  user_ip: string;
  user_agent?: string;
  referrer?: string;
  permalink?: string;
  comment_type: 'comment' | 'reply';
  comment_author?: string;
  comment_author_email?: string;
  comment_author_url?: string;
  comment_content: string;
  comment_date_gmt: string;
  is_test?: string;
}

export interface AkismetCheck {
  outcome: 'spam' | 'ham' | 'unavailable' | 'invalid_key';
  durationMs: number;
  detail?: string;
}

export interface AkismetSettings {
  host: string;
  protocol: 'http' | 'https';
  timeoutMs: number;
}

export function akismetSettings(config: Config): AkismetSettings {
  return {
    host: config.AKISMET_HOST,
    protocol: config.AKISMET_PROTOCOL,
    timeoutMs: config.AKISMET_TIMEOUT_MS,
  };
}

export const SUBMIT_THANKS = 'Thanks for making the web a better place.';
const INVALID_KEY_MESSAGE = 'Invalid API key';
const USER_AGENT = 'Parley/0.1 | akismet-api/6';

export class AkismetTimeoutError extends Error {}

/** Settles like `promise`, or rejects after `ms`; a late settlement is swallowed. */
function withTimeout<T>(promise: PromiseLike<T>, ms: number): Promise<T> {
  const call = Promise.resolve(promise);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new AkismetTimeoutError(`no answer within ${ms} ms`)), ms);
  });
  call.catch(() => undefined);
  return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
}

/** An error's message without the API key (it is part of the host name in connection errors). */
function describe(error: unknown, key: string): string {
  const { message, code, status } = error as { message?: string; code?: string; status?: number };
  const text = [status && `HTTP ${status}`, code && code !== message ? code : undefined, message]
    .filter(Boolean)
    .join(': ');
  return (text || 'unknown error').split(key).join('[key]').slice(0, 300);
}

export function createAkismet(settings: AkismetSettings) {
  function client(key: string, comment: AkismetComment): AkismetClient {
    return new AkismetClient({
      key,
      blog: comment.blog,
      blog_lang: comment.blog_lang,
      host: settings.host,
      protocol: settings.protocol,
      userAgent: USER_AGENT,
    });
  }

  /** Asks comment-check. Never throws: failures come back as 'unavailable' or 'invalid_key'. */
  async function checkComment(key: string, comment: AkismetComment): Promise<AkismetCheck> {
    const started = performance.now();
    const durationMs = () => Math.round(performance.now() - started);
    try {
      const isSpam = await withTimeout(client(key, comment).checkSpam(comment), settings.timeoutMs);
      return { outcome: isSpam ? 'spam' : 'ham', durationMs: durationMs() };
    } catch (error) {
      const isInvalidKey = (error as Error).message === INVALID_KEY_MESSAGE;
      return {
        outcome: isInvalidKey ? 'invalid_key' : 'unavailable',
        durationMs: durationMs(),
        detail: describe(error, key),
      };
    }
  }

  /** Sends submit-spam or submit-ham. Throws when Akismet did not thank us in time. */
  async function submitFeedback(
    key: string,
    verdict: 'spam' | 'ham',
    comment: AkismetComment,
  ): Promise<void> {
    const akismet = client(key, comment);
    const call = verdict === 'spam' ? akismet.submitSpam(comment) : akismet.submitHam(comment);
    let answer: unknown;
    try {
      answer = await withTimeout(call, settings.timeoutMs);
    } catch (error) {
      throw new Error(`submit-${verdict} failed: ${describe(error, key)}`);
    }
    // akismet-api resolves with the HTTP response whatever its body says.
    const text = (answer as { text?: string } | undefined)?.text;
    if (text !== SUBMIT_THANKS) {
      throw new Error(`submit-${verdict} was not accepted: ${String(text).slice(0, 100)}`);
    }
  }

  return { checkComment, submitFeedback };
}

export type Akismet = ReturnType<typeof createAkismet>;
