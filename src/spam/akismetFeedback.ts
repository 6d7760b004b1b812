// submit-spam and submit-ham: when a moderator overturns a verdict, Akismet learns it from
// the original commenter's data. Sent from the durable job queue, so an Akismet outage
// only delays it.

import { findSpamCheckSubject } from '../comments/store/spamChecks';
import type { Config } from '../config';
import type { EmailVault } from '../privacy/emailVault';
import { defineJobHandler, enqueueJob, type Job, type JobHandler } from '../queue';
import { findSiteWithAkismetKey } from '../sites/site.model';
import type { Akismet } from './akismet';
import { buildAkismetComment, revealEmail } from './akismetComment';

export const AKISMET_FEEDBACK_JOB = 'akismet-feedback';

export interface AkismetFeedbackPayload {
  commentId: string;
  /** 'spam' sends submit-spam (Akismet missed it); 'ham' sends submit-ham (a false positive). */
  verdict: 'spam' | 'ham';
}

/**
 * Queues submit-spam or submit-ham for a comment. Call it after the status change is
 * stored. `reference` names the moderation action (say, its audit entry id) so a retried
 * request does not send twice; without it, `now` does.
 */
export async function enqueueAkismetFeedback(input: {
  commentId: string;
  verdict: 'spam' | 'ham';
  now: Date;
  reference?: string;
}): Promise<Job<AkismetFeedbackPayload>> {
  const reference = input.reference ?? input.now.toISOString();
  const { job } = await enqueueJob<AkismetFeedbackPayload>({
    type: AKISMET_FEEDBACK_JOB,
    key: `${AKISMET_FEEDBACK_JOB}:${input.commentId}:${input.verdict}:${reference}`,
    payload: { commentId: input.commentId, verdict: input.verdict },
    now: input.now,
  });
  return job;
}

export function createAkismetFeedbackHandler(deps: {
  config: Config;
  vault: EmailVault;
  akismet: Akismet;
}): JobHandler {
  return defineJobHandler<AkismetFeedbackPayload>({
    type: AKISMET_FEEDBACK_JOB,
    retry: { baseDelayMs: 30_000, maxDelayMs: 20 * 60_000, maxAttempts: 20 },
    async run({ commentId, verdict }, { log }) {
      const subject = await findSpamCheckSubject(commentId);
      if (!subject) return 'skipped: the comment no longer exists';
      const site = await findSiteWithAkismetKey(subject.comment.site);
      const key = site?.akismetKey ?? deps.config.AKISMET_KEY;
      if (!site || !key) return 'skipped: no Akismet key configured';
      const email = revealEmail(subject, deps.vault, log.child({ commentId }));
      const fields = await buildAkismetComment({ subject, site, email, isTest: deps.config.AKISMET_TEST });
      await deps.akismet.submitFeedback(key, verdict, fields);
      return `submit-${verdict} sent`;
    },
  });
}
