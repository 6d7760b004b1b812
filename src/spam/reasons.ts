// The reasons the spam check stores on a comment, for moderators to read.
import type { Reason } from '../comments/store/comment.types';

export const akismetSpam = (): Reason => ({ code: 'akismet_spam', message: 'Akismet says this is spam.' });

export const akismetSkipped = (): Reason => ({
  code: 'akismet_skipped',
  message: 'Not checked by Akismet: no Akismet key configured.',
});

export function akismetUnavailable(detail: string | undefined, retryAt: Date, isInvalidKey: boolean): Reason {
  const why = isInvalidKey ? 'Akismet refused the API key' : 'Akismet could not be reached';
  return {
    code: 'akismet_unavailable',
    message: `${why}${detail ? ` (${detail})` : ''}; the check will be tried again at ${retryAt.toISOString()}.`,
  };
}

export function akismetGaveUp(days: number): Reason {
  return {
    code: 'akismet_gave_up',
    message: `Akismet could not be asked for ${days} days; this comment waits for a moderator.`,
  };
}

/** Codes written by earlier tries of the same check, replaced by the next try's. */
export function isFromSpamCheck(reason: Reason, localCodes: Set<string>): boolean {
  return reason.code.startsWith('akismet_') || localCodes.has(reason.code);
}
