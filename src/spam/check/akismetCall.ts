// Asking Akismet about one comment, and the attempt that records what it said.
import type { SpamCheckAttempt } from '../../comments/store/comment.types';
import type { SpamCheckSubject } from '../../comments/store/spamChecks';
import type { Logger } from '../../logger';
import type { Site } from '../../sites/site.model';
import type { AkismetCheck } from '../akismet';
import { buildAkismetComment, revealEmail } from '../akismetComment';
import type { SpamCheckContext } from './context';

/** Akismet's answer with the site's key, or the global one; undefined when there is no key. */
export async function askAkismet(
  ctx: SpamCheckContext,
  subject: SpamCheckSubject,
  site: Site,
  log: Logger,
): Promise<AkismetCheck | undefined> {
  const key = site.akismetKey ?? ctx.config.AKISMET_KEY;
  if (!key) return undefined;
  const email = revealEmail(subject, ctx.vault, log);
  const fields = await buildAkismetComment({
    subject,
    site,
    email,
    isTest: ctx.config.AKISMET_TEST,
    findPageUrl: ctx.lookups.findPageUrl,
  });
  return ctx.akismet.checkComment(key, fields);
}

/** The attempt to store for a call that started at `at` (no answer: nobody was asked). */
export function attemptFrom(at: Date, answer: AkismetCheck | undefined): SpamCheckAttempt {
  const detail = answer ? answer.detail : 'no Akismet key configured';
  return {
    at,
    outcome: answer?.outcome ?? 'skipped',
    durationMs: answer?.durationMs ?? 0,
    ...(detail !== undefined && { detail }),
  };
}
