// Shared set-up for the spam tests: the real app (to post comments as readers do), a spam
// checker wired to the fake Akismet, and helpers to run the queue and read the results.
import request from 'supertest';
import type { CommentListener as SpamCheckHooks } from '../../src/comments/events';
import type { Comment } from '../../src/comments/store/comment.types';
import { findComment } from '../../src/comments/store/reads';
import { findSpamCheck } from '../../src/comments/store/spamChecks';
import { createJobRunner } from '../../src/queue';
import type { Site } from '../../src/sites/site.model';
import {
  akismetSettings,
  createAkismet,
  createAkismetFeedbackHandler,
  createSpamChecker,
} from '../../src/spam';
import type { FakeAkismet } from '../fakes/akismet';
import { buildTestApp } from '../helpers/app';
import { createTestClock, type TestClock } from '../helpers/clock';
import { SITE_ORIGIN } from '../helpers/factories';

export const GLOBAL_KEY = 'globalkey123';

export function akismetEnv(fake: FakeAkismet, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AKISMET_KEY: GLOBAL_KEY,
    AKISMET_HOST: fake.host,
    AKISMET_PROTOCOL: 'http',
    TRUST_PROXY: 'true',
    ...extra,
  };
}

let sequence = 0;

export interface PostFields {
  pageId?: string;
  parentId?: string;
  author?: string;
  email?: string;
  url?: string;
  content?: string;
}

export function createSpamHarness(
  fake: FakeAkismet,
  options: { config?: Record<string, string>; clock?: TestClock; hooks?: SpamCheckHooks } = {},
) {
  const clock = options.clock ?? createTestClock();
  const built = buildTestApp({ config: akismetEnv(fake, options.config), clock });
  const { config, log, vault } = built;
  const akismet = createAkismet(akismetSettings(config));
  const checker = createSpamChecker({
    config,
    log,
    clock,
    vault,
    akismet,
    leaseMs: config.WORKER_LEASE_MS,
    hooks: options.hooks,
  });

  /** Posts a comment through the public API, as a reader's browser would; returns its id. */
  async function post(site: Site, fields: PostFields = {}, ip?: string): Promise<string> {
    const n = ++sequence;
    const pageId = fields.pageId ?? '/2026/01/story';
    const res = await request(built.app)
      .post(`/api/v1/sites/${site.id}/comments`)
      .set('Origin', SITE_ORIGIN)
      .set('X-Forwarded-For', ip ?? `203.0.113.${n % 250}`)
      .set('User-Agent', `TestBrowser/${n}`)
      .set('Referer', `${SITE_ORIGIN}${pageId}`)
      .send({
        pageId,
        pageUrl: `${SITE_ORIGIN}${pageId}`,
        author: `Reader ${n}`,
        email: `reader${n}@example.org`,
        content: `Comment number ${n}`,
        ...fields,
      });
    if (res.status !== 201) throw new Error(`post failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.comment.id as string;
  }

  /** Runs due checks until none is due; how many were taken. */
  async function drain(workerId = 'worker-a'): Promise<number> {
    let taken = 0;
    while (await checker.runNextSpamCheck(workerId)) taken += 1;
    return taken;
  }

  async function read(id: string) {
    const comment = (await findComment(id)) as Comment;
    const spamCheck = await findSpamCheck(id);
    if (!comment || !spamCheck) throw new Error(`comment ${id} or its spam check is missing`);
    return { comment, spamCheck, codes: comment.reasons.map((reason) => reason.code) };
  }

  return { ...built, clock, akismet, checker, post, drain, read };
}

/** Runs Akismet feedback jobs (submit-spam, submit-ham) with the harness's Akismet; returns how many ran. */
export function createFeedbackRunner(harness: ReturnType<typeof createSpamHarness>) {
  const jobs = createJobRunner({
    handlers: [
      createAkismetFeedbackHandler({
        config: harness.config,
        vault: harness.vault,
        akismet: harness.akismet,
      }),
    ],
    log: harness.log,
    clock: harness.clock,
    leaseMs: harness.config.WORKER_LEASE_MS,
  });
  return async function runJobs(): Promise<number> {
    let ran = 0;
    while (await jobs.runNextJob('worker-a')) ran += 1;
    return ran;
  };
}
