// Shared set-up for the notification and metrics tests: the real app wired as `npm start`
// wires it (notifier as the moderation events, one metrics registry), a real worker with the
// notifier as its spam-check hooks and the notification job handlers, and a log to read.
import request from 'supertest';
import { FLOOD_INTERVAL_MS } from '../../src/comments/comments.service';
import type { Comment } from '../../src/comments/store/comment.types';
import { findComment } from '../../src/comments/store/reads';
import { createMetrics, type Metrics } from '../../src/metrics';
import { createNotificationJobHandlers, createNotifier, type Notifier } from '../../src/notify';
import { listJobs } from '../../src/queue';
import type { Site } from '../../src/sites/site.model';
import { createParleyWorker } from '../../src/worker';
import type { FakeAkismet } from '../fakes/akismet';
import { buildTestApp } from '../helpers/app';
import type { TestClock } from '../helpers/clock';
import { SITE_ORIGIN } from '../helpers/factories';

export const PAGE_ID = '/2019/11/gsomia';

export interface NotifyHarnessOptions {
  smtpUrl?: string;
  akismet?: FakeAkismet;
  config?: Record<string, string>;
  clock?: TestClock;
}

let sequence = 0;

export function createNotifyHarness(options: NotifyHarnessOptions = {}) {
  let metrics!: Metrics;
  let notifier!: Notifier;
  const { app, config, clock, log, logLines, vault } = buildTestApp({
    clock: options.clock,
    config: {
      // Debug lines too: the tests check that no email reaches any log line.
      LOG_LEVEL: 'debug',
      TRUST_PROXY: 'true',
      // The fake webhook receivers listen on loopback (webhookTargets.test.ts tests the default).
      WEBHOOK_ALLOW_PRIVATE: 'true',
      ...(options.smtpUrl && { SMTP_URL: options.smtpUrl }),
      ...(options.akismet && {
        AKISMET_KEY: 'notifykey123',
        AKISMET_HOST: options.akismet.host,
        AKISMET_PROTOCOL: 'http',
      }),
      ...options.config,
    },
    extras: ({ clock, log }) => {
      metrics = createMetrics({ clock, log });
      notifier = createNotifier({ clock, log });
      return { metrics, events: notifier };
    },
  });
  const worker = createParleyWorker({
    config,
    log,
    clock,
    vault,
    hooks: notifier,
    jobHandlers: createNotificationJobHandlers({ config, log, vault }),
    onSpamCheckAttempt: metrics.observeSpamCheck,
    id: 'notify-test-worker',
  });

  /** Runs the worker until nothing is due (spam checks, then the jobs they lead to). */
  async function settle(): Promise<number> {
    let handled = 0;
    for (let pass = 0; pass < 200; pass++) {
      const count = await worker.runOnce();
      if (count === 0) return handled;
      handled += count;
    }
    throw new Error('the worker never ran out of work');
  }

  /** Posts a comment through the public API, as a reader's browser would; returns its id. */
  async function post(
    site: Site,
    fields: {
      parentId?: string;
      author?: string;
      email?: string;
      content?: string;
      notifyReplies?: boolean;
    } = {},
  ): Promise<string> {
    const n = ++sequence;
    // Readers take their time: no post trips the flood check (one per 15 s per address).
    clock.advance(FLOOD_INTERVAL_MS + 1000);
    const res = await request(app)
      .post(`/api/v1/sites/${site.id}/comments`)
      .set('Origin', SITE_ORIGIN)
      .set('User-Agent', `TestBrowser/${n}`)
      .set('X-Forwarded-For', `203.0.113.${n % 250}`)
      .send({
        pageId: PAGE_ID,
        pageUrl: `${SITE_ORIGIN}${PAGE_ID}`,
        pageTitle: 'South Korea Withdraws from Intelligence Sharing Pact',
        author: `Reader ${n}`,
        email: `reader${n}@example.org`,
        content: `Comment number ${n}`,
        ...fields,
      });
    if (res.status !== 201) throw new Error(`post failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.comment.id as string;
  }

  async function read(id: string): Promise<Comment> {
    const comment = await findComment(id);
    if (!comment) throw new Error(`comment ${id} is missing`);
    return comment;
  }

  /** What each job of `type` recorded, oldest first. */
  async function jobDetails(type: string): Promise<string[]> {
    return (await listJobs({ type })).flatMap((job) => job.attempts.map((attempt) => attempt.detail ?? ''));
  }

  /** Log lines that show an email address, or where the logger had to mask one. */
  function logLinesWithEmails(): string[] {
    return logLines.filter((line) => /[^\s"]+@[^\s"]+\.[a-z]{2,}|%40|\[email\]/i.test(line));
  }

  return {
    app,
    config,
    clock,
    log,
    logLines,
    vault,
    metrics,
    notifier,
    worker,
    settle,
    post,
    read,
    jobDetails,
    logLinesWithEmails,
  };
}

export type NotifyHarness = ReturnType<typeof createNotifyHarness>;
