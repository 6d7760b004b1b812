// The site's `reportsToHold`: once that many readers reported an approved comment, the worker's
// report-hold job sends it back to pending (reason `reported`) through the ticketed status
// change, so the public thread drops it; the hold is audited and closes its reports.
import { listCommentAudit } from '../../src/audit/audit.model';
import { changeCommentStatus } from '../../src/comments/store/changes';
import { findComment } from '../../src/comments/store/reads';
import { listJobs } from '../../src/queue';
import { listCommentReports } from '../../src/reports/report.model';
import { useTestDatabase } from '../helpers/db';
import { buildComment, buildSite } from '../helpers/factories';
import { readPublicThread } from '../moderation/helpers';
import { buildReportApp } from './helpers';

useTestDatabase();

const PAGE = '/2026/02/reported-story';

it('holds a comment once reportsToHold readers reported it, and the thread drops it', async () => {
  const heard: string[] = [];
  const { app, report, runJobs } = buildReportApp({
    events: { onStatusChanged: (comment, from, to) => void heard.push(`${comment.id} ${from}>${to}`) },
  });
  const site = await buildSite({ settings: { reportsToHold: 3 } });
  const comment = await buildComment(site, { pageId: PAGE });
  const other = await buildComment(site, { pageId: PAGE });
  await report(site.id, comment.id, { reason: 'spam' }, { ip: '198.51.100.1' }).expect(202);
  await report(site.id, comment.id, { reason: 'abuse', note: 'rude' }, { ip: '198.51.100.2' }).expect(202);
  await report(site.id, comment.id, { reason: 'abuse' }, { ip: '198.51.100.2' }).expect(202);
  expect(await runJobs()).toBe(2);
  expect((await findComment(comment.id))?.status).toBe('approved');
  expect((await readPublicThread(app, site.id, PAGE)).total).toBe(2);

  await report(site.id, comment.id, { reason: 'spam' }, { ip: '198.51.100.3' }).expect(202);
  expect(await runJobs()).toBe(1);
  const held = await findComment(comment.id);
  expect(held?.status).toBe('pending');
  expect(held?.reasons).toEqual([
    { code: 'reported', message: 'Held after 3 readers reported it (spam 2, abuse 1).' },
  ]);
  const thread = await readPublicThread(app, site.id, PAGE);
  expect(thread.total).toBe(1);
  expect(thread.body.comments.map((shown: { id: string }) => shown.id)).toEqual([other.id]);
  expect(JSON.stringify(thread.body)).not.toContain('rude');
  expect(heard).toEqual([`${comment.id} approved>pending`]);
  const audit = await listCommentAudit(comment.id);
  expect(audit.map((entry) => entry.action)).toEqual(['report', 'report', 'report', 'hold_reported']);
  expect(audit.at(-1)).toMatchObject({
    userId: 'parley',
    from: 'approved',
    to: 'pending',
    detail: { reports: 3, spam: 2, abuse: 1, off_topic: 0, other: 0 },
  });
  // Its reports are closed with the hold: approved again, it starts from nothing.
  expect(await listCommentReports(comment.id)).toEqual([]);
  await report(site.id, comment.id, { reason: 'spam' }, { ip: '198.51.100.4' }).expect(404);
});

it('does not hold when reportsToHold is 0, and queues no job', async () => {
  const { report, runJobs } = buildReportApp();
  const site = await buildSite({ settings: { reportsToHold: 0 } });
  const comment = await buildComment(site);
  for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4']) {
    await report(site.id, comment.id, { reason: 'spam' }, { ip }).expect(202);
  }
  expect(await listJobs({ type: 'report-hold' })).toEqual([]);
  expect(await runJobs()).toBe(0);
  expect((await findComment(comment.id))?.status).toBe('approved');
  expect(await listCommentReports(comment.id)).toHaveLength(4);
});

it('holds with the default of 3, and a job run twice holds once', async () => {
  const { report, runJobs } = buildReportApp();
  const site = await buildSite();
  const comment = await buildComment(site);
  for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
    await report(site.id, comment.id, { reason: 'off_topic' }, { ip }).expect(202);
  }
  // Three jobs, each counting three reports once the last report is in: one hold.
  expect(await runJobs()).toBe(3);
  expect((await findComment(comment.id))?.status).toBe('pending');
  const holds = (await listCommentAudit(comment.id)).filter((entry) => entry.action === 'hold_reported');
  expect(holds).toHaveLength(1);
});

it('a job that finds its comment held but its reports open (a worker died between) closes them', async () => {
  const { report, runJobs, clock } = buildReportApp();
  const site = await buildSite({ settings: { reportsToHold: 2 } });
  const comment = await buildComment(site);
  await report(site.id, comment.id, { reason: 'spam' }, { ip: '198.51.100.1' }).expect(202);
  await report(site.id, comment.id, { reason: 'spam' }, { ip: '198.51.100.2' }).expect(202);
  // The hold was written, then the worker died before closing the reports.
  clock.advance(1000);
  const reason = { code: 'reported', message: 'Held after 2 readers reported it (spam 2).' };
  await changeCommentStatus(comment.id, 'approved', 'pending', clock.now(), { reasons: [reason] });
  expect(await listCommentReports(comment.id)).toHaveLength(2);
  expect(await runJobs()).toBe(2);
  expect(await listCommentReports(comment.id)).toEqual([]);
  expect((await findComment(comment.id))?.status).toBe('pending');
});
