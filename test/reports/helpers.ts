// Shared set-up for the report tests: the real app, a job runner with the report-hold
// handler (what the worker runs), and a reader's report as a browser sends it.
import request from 'supertest';
import type { CommentListener } from '../../src/comments/events';
import { createJobRunner } from '../../src/queue';
import { createReportHoldHandler } from '../../src/reports/hold';
import { buildTestApp } from '../helpers/app';
import type { TestClock } from '../helpers/clock';
import { SITE_ORIGIN } from '../helpers/factories';

export function buildReportApp(options: { clock?: TestClock; events?: CommentListener } = {}) {
  const built = buildTestApp({
    clock: options.clock,
    config: { TRUST_PROXY: 'true' },
    extras: () => ({ events: options.events }),
  });
  const jobs = createJobRunner({
    handlers: [createReportHoldHandler({ clock: built.clock, log: built.log, hooks: options.events })],
    log: built.log,
    clock: built.clock,
    leaseMs: built.config.WORKER_LEASE_MS,
  });
  /** Runs due report-hold jobs as the worker would; how many ran. */
  async function runJobs(): Promise<number> {
    let ran = 0;
    while (await jobs.runNextJob('worker-a')) ran += 1;
    return ran;
  }

  /** A reader's report from `ip`, with their author token if given. */
  function report(
    site: string,
    commentId: string,
    body: object,
    reader: { ip?: string; token?: string; origin?: string } = {},
  ) {
    let test = request(built.app)
      .post(`/api/v1/sites/${site}/comments/${commentId}/reports`)
      .set('Origin', reader.origin ?? SITE_ORIGIN)
      .set('X-Forwarded-For', reader.ip ?? '203.0.113.7');
    if (reader.token) test = test.set('Parley-Author-Token', reader.token);
    return test.send(body);
  }

  return { ...built, runJobs, report };
}

let tokens = 0;
/** A well-formed author token (43 base64url characters), different each time. */
export function readerToken(): string {
  tokens += 1;
  return `${'t'.repeat(40)}${String(tokens).padStart(3, '0')}`;
}
