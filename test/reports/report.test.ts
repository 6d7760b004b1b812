// POST /api/v1/sites/{site}/comments/{id}/reports: a reader's report, counted once per reader,
// refused for bad input and for comments that are not approved, limited per IP, audited, and
// never echoing a note, an IP or an email.
import request from 'supertest';
import { listCommentAudit, newAuditId } from '../../src/audit/audit.model';
import { listJobs } from '../../src/queue';
import { listCommentReports, storeReport } from '../../src/reports/report.model';
import { REPORTS_PER_WINDOW } from '../../src/reports/reports.service';
import { useTestDatabase } from '../helpers/db';
import { buildComment, buildSite } from '../helpers/factories';
import { buildReportApp, readerToken } from './helpers';

useTestDatabase();

const NOTE = 'This is a private note about reader 42.';

it('stores a report with its audit entry and hold job, and a repeat counts nothing', async () => {
  const { report, logLines } = buildReportApp();
  const site = await buildSite();
  const comment = await buildComment(site);
  const first = await report(site.id, comment.id, { reason: 'abuse', note: NOTE }).expect(202);
  expect(first.body).toEqual({ status: 'received' });
  expect(first.headers['cache-control']).toBe('no-store');
  const repeat = await report(site.id, comment.id, { reason: 'spam' }).expect(202);
  expect(repeat.body).toEqual(first.body);

  const reports = await listCommentReports(comment.id);
  expect(reports).toHaveLength(1);
  expect(reports[0]).toMatchObject({ reason: 'abuse', note: NOTE, site: site.id });
  // The reader is kept as a keyed hash: neither the IP nor a plain hash of it.
  expect(JSON.stringify(reports)).not.toContain('203.0.113.7');
  const audit = await listCommentAudit(comment.id);
  expect(audit).toEqual([
    expect.objectContaining({
      action: 'report',
      userId: 'reader',
      from: 'approved',
      to: 'approved',
      detail: { reason: 'abuse' },
    }),
  ]);
  expect((await listJobs({ type: 'report-hold' })).map((job) => job.payload)).toEqual([
    { commentId: comment.id },
  ]);
  const logs = logLines.join('\n');
  expect(logs).toContain('comment reported');
  expect(logs).not.toContain(NOTE);
  expect(logs).not.toContain('203.0.113.7');
});

it('counts readers by author token when they send one, at most two per IP and comment', async () => {
  const { report } = buildReportApp();
  const site = await buildSite();
  const comment = await buildComment(site);
  const [a, b, c] = [readerToken(), readerToken(), readerToken()];
  await report(site.id, comment.id, { reason: 'spam' }, { token: a }).expect(202);
  await report(site.id, comment.id, { reason: 'spam' }, { token: a }).expect(202);
  await report(site.id, comment.id, { reason: 'spam' }, { token: b }).expect(202);
  // Made-up tokens from one address buy no more readers.
  await report(site.id, comment.id, { reason: 'spam' }, { token: c }).expect(202);
  expect(await listCommentReports(comment.id)).toHaveLength(2);
  // From another address, the third token counts; so does a reader without a token.
  await report(site.id, comment.id, { reason: 'spam' }, { token: c, ip: '198.51.100.9' }).expect(202);
  await report(site.id, comment.id, { reason: 'other' }, { ip: '198.51.100.10' }).expect(202);
  expect(await listCommentReports(comment.id)).toHaveLength(4);
});

it('refuses bad input with a message per field', async () => {
  const { report } = buildReportApp();
  const site = await buildSite();
  const comment = await buildComment(site);
  const bad = await report(site.id, comment.id, { reason: 'boring', note: 'x'.repeat(501) }).expect(422);
  expect(bad.body.error.code).toBe('validation_failed');
  expect(Object.keys(bad.body.error.fields).sort()).toEqual(['note', 'reason']);
  expect(bad.body.error.fields.reason).toContain('off_topic');
  await report(site.id, comment.id, {}).expect(422);
  await report(site.id, comment.id, { reason: 'spam', note: 42 }).expect(422);
  await report(site.id, comment.id, { reason: 'spam', note: 'x'.repeat(500) }).expect(202);
  await request(buildReportApp().app)
    .post(`/api/v1/sites/${site.id}/comments/${comment.id}/reports`)
    .set('Content-Type', 'application/json')
    .send('{"reason":')
    .expect(400);
  expect(await listCommentReports(comment.id)).toHaveLength(1);
});

it('answers 404 alike for unknown, pending, trashed and other sites’ comments, and refuses other origins', async () => {
  const { report } = buildReportApp();
  const site = await buildSite();
  const other = await buildSite();
  const pending = await buildComment(site, { status: 'pending' });
  const trashed = await buildComment(site, { status: 'trash' });
  const elsewhere = await buildComment(other);
  const answers = [];
  for (const id of [pending.id, trashed.id, elsewhere.id, '0123456789abcdef01234567', 'not-an-id']) {
    const res = await report(site.id, id, { reason: 'spam' }).expect(404);
    answers.push(res.body);
  }
  expect(new Set(answers.map((body) => JSON.stringify(body))).size).toBe(1);
  expect(answers[0].error.code).toBe('comment_not_found');
  await report('no-such-site', elsewhere.id, { reason: 'spam' }).expect(404);
  const foreign = await report(
    other.id,
    elsewhere.id,
    { reason: 'spam' },
    { origin: 'https://evil.example' },
  );
  expect(foreign.status).toBe(403);
  expect(foreign.body.error.code).toBe('origin_not_allowed');
  expect(await listCommentReports(pending.id)).toEqual([]);
  expect(await listCommentReports(elsewhere.id)).toEqual([]);
});

it('limits reports per IP address, with Retry-After, and lets them through again after the window', async () => {
  const { report, clock } = buildReportApp();
  clock.set('2026-01-15T12:00:00Z');
  const site = await buildSite();
  const comments = [];
  for (let i = 0; i <= REPORTS_PER_WINDOW; i++) comments.push(await buildComment(site));
  for (const comment of comments.slice(0, REPORTS_PER_WINDOW)) {
    await report(site.id, comment.id, { reason: 'spam' }).expect(202);
  }
  const last = comments[REPORTS_PER_WINDOW]?.id as string;
  const refused = await report(site.id, last, { reason: 'spam' }).expect(429);
  expect(refused.body.error.code).toBe('too_many_reports');
  expect(Number(refused.headers['retry-after'])).toBe(600);
  // Another address is not held back.
  await report(site.id, last, { reason: 'spam' }, { ip: '198.51.100.77' }).expect(202);
  clock.advance(600_000);
  await report(site.id, last, { reason: 'spam' }).expect(202);
  expect(await listCommentReports(last)).toHaveLength(2);
});

it('a report stored by a request that died before its audit entry and job gets both on the retry', async () => {
  const { report, vault, clock } = buildReportApp();
  const site = await buildSite();
  const comment = await buildComment(site);
  // What the insert left when the process died right after it: the report alone.
  const auditId = newAuditId();
  await storeReport({
    id: `${comment.id}:${vault.hash(`report-ip:${site.id}:203.0.113.7`)}`,
    site: site.id,
    commentId: comment.id,
    reason: 'off_topic',
    at: clock.now(),
    auditId,
  });
  expect(await listCommentAudit(comment.id)).toEqual([]);
  // The reader retries: a repeat, which owes what the first request did not finish.
  await report(site.id, comment.id, { reason: 'spam' }).expect(202);
  await report(site.id, comment.id, { reason: 'spam' }).expect(202);
  const audit = await listCommentAudit(comment.id);
  expect(audit.map((entry) => [entry.id, entry.action, entry.detail])).toEqual([
    [auditId, 'report', { reason: 'off_topic' }],
  ]);
  expect((await listJobs({ type: 'report-hold' })).map((job) => job.key)).toEqual([`report-hold:${auditId}`]);
  expect(await listCommentReports(comment.id)).toHaveLength(1);
});
