// One spam check, start to finish: claim the next due comment, ask Akismet, run the local
// rules, store the attempt and its reasons, change the status, tell the listeners. Akismet
// being down never approves anything: the check is retried with backoff for 15 days.

import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock';
import { type CommentListener, createCommentEvents } from '../comments/events';
import { hasApprovedAuthor } from '../comments/store/approvedAuthors.model';
import type { Comment, Reason, SpamCheckAttempt, SpamCheckOutcome } from '../comments/store/comment.types';
import {
  type ClaimedSpamCheck,
  claimNextSpamCheck,
  closeSpamCheck,
  recordFailedSpamCheck,
  removeSpamCheck,
  retrySpamCheckLater,
  type SpamCheckSubject,
  settleSpamCheck,
  storeSpamCheckVerdict,
} from '../comments/store/spamChecks';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { findPage } from '../pages/page.model';
import type { EmailVault } from '../privacy/emailVault';
import { type Backoff, retryDelayMs } from '../queue/backoff';
import { findSiteWithAkismetKey, type Site } from '../sites/site.model';
import type { Akismet, AkismetCheck } from './akismet';
import { buildAkismetComment, revealEmail } from './akismetComment';
import { akismetGaveUp, akismetSkipped, akismetSpam, akismetUnavailable, isFromSpamCheck } from './reasons';
import { LOCAL_RULE_CODES, type RulesVerdict, runLocalRules } from './rules';

/** About 30 s after the first failure, doubling up to 20 minutes. */
export const SPAM_CHECK_BACKOFF: Backoff = { baseDelayMs: 30_000, maxDelayMs: 20 * 60_000 };
/** A refused key is not fixed in minutes: wait longer between tries. */
export const INVALID_KEY_RETRY_MS = 6 * 60 * 60_000;
/** How long the worker trusts what it read of a site (its settings, key) or a page's address. */
const SITE_CACHE_MS = 5000;

/** As the WordPress Akismet plugin does, stop asking after 15 days and leave it to a human. */
export const GIVE_UP_AFTER_DAYS = 15;
const GIVE_UP_AFTER_MS = GIVE_UP_AFTER_DAYS * 24 * 60 * 60_000;

export interface SpamCheckerDeps {
  config: Config;
  log: Logger;
  clock: Clock;
  vault: EmailVault;
  akismet: Akismet;
  leaseMs: number;
  /**
   * Who hears the checks' events (src/comments/events.ts): every stored attempt (`checked`,
   * for metrics) and what each check decided (`queued`, `statusChanged`, for notifications).
   * They are told before the check leaves the queue: if the worker dies first, the next one
   * tells them again, so act through keyed jobs (enqueueJob), which also makes the act durable.
   */
  hooks?: CommentListener | CommentListener[];
}

type Verdict = RulesVerdict;

export function createSpamChecker(deps: SpamCheckerDeps) {
  const { config, clock, vault, akismet, leaseMs } = deps;
  const events = createCommentEvents({
    log: deps.log,
    listeners: Array.isArray(deps.hooks) ? deps.hooks : [deps.hooks],
    failureMessage: 'spam check hook failed',
  });
  // Checks of one site come in runs: its settings and pages are read once per few seconds.
  const sites = new LRUCache<string, Site>({
    max: 1000,
    ttl: SITE_CACHE_MS,
    fetchMethod: (id) => findSiteWithAkismetKey(id),
  });
  const pageUrls = new LRUCache<string, string>({
    max: 10_000,
    ttl: SITE_CACHE_MS,
    fetchMethod: async (key) => {
      const [site, pageId] = JSON.parse(key) as [string, string];
      return (await findPage(site, pageId))?.url;
    },
  });
  const findPageUrl = (site: string, pageId: string) => pageUrls.fetch(JSON.stringify([site, pageId]));

  /** The comment's reasons from before this check (earlier tries' reasons are replaced). */
  function earlierReasons(comment: Comment): Reason[] {
    return comment.reasons.filter((reason) => !isFromSpamCheck(reason, LOCAL_RULE_CODES));
  }

  async function askAkismet(
    subject: SpamCheckSubject,
    site: Site,
    log: Logger,
  ): Promise<AkismetCheck | undefined> {
    const key = site.akismetKey ?? config.AKISMET_KEY;
    if (!key) return undefined;
    const email = revealEmail(subject, vault, log);
    const fields = await buildAkismetComment({
      subject,
      site,
      email,
      isTest: config.AKISMET_TEST,
      findPageUrl,
    });
    return akismet.checkComment(key, fields);
  }

  function localRules(
    subject: SpamCheckSubject,
    site: Site,
    outcome: Exclude<SpamCheckOutcome, 'spam'>,
    log: Logger,
  ) {
    const { comment, private: data } = subject;
    return runLocalRules({
      site,
      comment: {
        content: data.rawContent,
        author: comment.author,
        authorUrl: comment.authorUrl,
        email: revealEmail(subject, vault, log),
        ip: data.request.ip,
        userAgent: data.request.userAgent,
      },
      akismet: outcome,
      hasApprovedComment: async () =>
        data.emailHash ? hasApprovedAuthor(comment.site, data.emailHash) : false,
    });
  }

  /** Tells the listeners what the check decided: a held comment is queued, any other moved. */
  async function tellDecision(comment: Comment): Promise<void> {
    if (comment.status === 'pending') await events.emit('queued', comment);
    else await events.emit('statusChanged', comment, 'pending', comment.status);
  }

  /** Takes the right to write this claim's result; undefined (and logged) when it was lost. */
  async function settle(claimed: ClaimedSpamCheck, log: Logger): Promise<number | undefined> {
    const slot = await settleSpamCheck(claimed, clock.now(), leaseMs);
    if (slot === undefined) log.warn('spam check lost its lease to another worker; result dropped');
    return slot;
  }

  /** Closes the check without a verdict (the comment was decided elsewhere, or its site is gone). */
  async function close(claimed: ClaimedSpamCheck, detail: string, log: Logger): Promise<void> {
    if ((await settle(claimed, log)) === undefined) return;
    const attempt: SpamCheckAttempt = { at: clock.now(), outcome: 'skipped', durationMs: 0, detail };
    if (await closeSpamCheck(claimed.comment.id, attempt, clock.now())) {
      log.info({ detail }, 'spam check closed without a verdict');
    }
    await removeSpamCheck(claimed.comment.id);
  }

  /** Stores the attempt with its verdict in one write, tells the listeners, and ends the check. */
  async function decide(claimed: ClaimedSpamCheck, attempt: SpamCheckAttempt, verdict: Verdict, log: Logger) {
    const { comment } = claimed;
    if ((await settle(claimed, log)) === undefined) return;
    const reasons = [...earlierReasons(comment), ...verdict.reasons];
    const now = clock.now();
    const decided = await storeSpamCheckVerdict(comment, attempt, {
      status: verdict.status,
      reasons,
      now,
    });
    if (!decided) {
      // Another change of the comment held its ticket: ask again once the lease runs out.
      // (A moderator's decision in the meantime is found then, and closes the check.)
      log.warn('could not store the spam check result; it will be tried again');
      return;
    }
    await events.emit('checked', decided, attempt);
    await tellDecision(decided);
    await removeSpamCheck(comment.id);
    const codes = reasons.map((reason) => reason.code);
    log.info({ outcome: attempt.outcome, verdict: verdict.status, reasons: codes }, 'spam check done');
  }

  /**
   * A check that needs no Akismet call: its verdict was stored by a worker that stopped
   * before telling the listeners and leaving the queue, or a moderator decided first. False for
   * an ordinary check.
   */
  async function resume(claimed: ClaimedSpamCheck, log: Logger): Promise<boolean> {
    const { comment, spamCheck } = claimed;
    if (spamCheck.state === 'done') {
      if ((await settle(claimed, log)) === undefined) return true;
      const decided = spamCheck.attempts.at(-1)?.verdict;
      // Listeners act through keyed jobs, so telling them again sends nothing twice.
      if (decided === comment.status) {
        log.info({ verdict: decided }, 'finishing a spam check whose worker stopped');
        await tellDecision(comment);
      }
      await removeSpamCheck(comment.id);
      return true;
    }
    if (comment.status === 'pending') return false;
    await close(claimed, `a moderator decided first: the comment is ${comment.status}`, log);
    return true;
  }

  async function scheduleRetry(claimed: ClaimedSpamCheck, attempt: SpamCheckAttempt, log: Logger) {
    const { comment, spamCheck } = claimed;
    const slot = await settle(claimed, log);
    if (slot === undefined) return;
    const now = clock.now();
    const failures = spamCheck.attemptCount + 1;
    const isInvalidKey = attempt.outcome === 'invalid_key';
    const delay = isInvalidKey ? INVALID_KEY_RETRY_MS : retryDelayMs(failures, SPAM_CHECK_BACKOFF);
    const dueAt = new Date(now.getTime() + delay);
    const reasons = [...earlierReasons(comment), akismetUnavailable(attempt.detail, dueAt, isInvalidKey)];
    if (!(await recordFailedSpamCheck(comment.id, attempt, { dueAt, reasons, now }))) {
      log.warn('could not store the failed attempt; the check will be taken again');
      return;
    }
    await retrySpamCheckLater(claimed, slot, dueAt);
    await events.emit('checked', comment, attempt);
    log.warn({ outcome: attempt.outcome, failures, retryAt: dueAt }, 'akismet unavailable, will retry');
  }

  async function check(claimed: ClaimedSpamCheck, log: Logger): Promise<void> {
    if (await resume(claimed, log)) return;
    const { comment, spamCheck } = claimed;
    const site = await sites.fetch(comment.site);
    if (!site) {
      await close(claimed, 'the site no longer exists', log);
      return;
    }
    const at = clock.now();
    const answer = await askAkismet(claimed, site, log);
    const outcome: SpamCheckOutcome = answer?.outcome ?? 'skipped';
    const detail = answer ? answer.detail : 'no Akismet key configured';
    const attempt: SpamCheckAttempt = {
      at,
      outcome,
      durationMs: answer?.durationMs ?? 0,
      ...(detail !== undefined && { detail }),
    };

    if (outcome === 'unavailable' || outcome === 'invalid_key') {
      if (clock.now().getTime() - spamCheck.firstQueuedAt.getTime() < GIVE_UP_AFTER_MS) {
        await scheduleRetry(claimed, attempt, log);
        return;
      }
      // Given up: the local rules may still hold it or call it spam, but never approve it.
      const rules = await localRules(claimed, site, outcome, log);
      const verdict: Verdict = {
        status: rules.status,
        reasons: [akismetGaveUp(GIVE_UP_AFTER_DAYS), ...rules.reasons],
      };
      log.warn({ outcome }, 'akismet unavailable for too long, giving up');
      await decide(claimed, { ...attempt, verdict: verdict.status }, verdict, log);
      return;
    }
    if (outcome === 'spam') {
      await decide(
        claimed,
        { ...attempt, verdict: 'spam' },
        { status: 'spam', reasons: [akismetSpam()] },
        log,
      );
      return;
    }
    const rules = await localRules(claimed, site, outcome, log);
    const reasons: Reason[] = [...(outcome === 'skipped' ? [akismetSkipped()] : []), ...rules.reasons];
    await decide(claimed, { ...attempt, verdict: rules.status }, { status: rules.status, reasons }, log);
  }

  /** Claims and checks one due comment. False when none was due. */
  async function runNextSpamCheck(workerId: string): Promise<boolean> {
    const { claimed } = await claimNextSpamCheck(workerId, clock.now(), leaseMs);
    if (!claimed) return false;
    const log = deps.log.child({ commentId: claimed.comment.id, workerId });
    try {
      await check(claimed, log);
    } catch (error) {
      // The claim stays until its lease runs out; then the check is taken again.
      log.error({ reason: (error as Error).message }, 'spam check failed');
    }
    return true;
  }

  return { runNextSpamCheck };
}

export type SpamChecker = ReturnType<typeof createSpamChecker>;
