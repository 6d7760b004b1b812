import { changeCommentStatus } from '../../src/comments/store/changes';
import { CommentChangeTicketModel, pruneChangeTickets } from '../../src/comments/store/changeTicket.model';
import { createPeriodicCleanup } from '../../src/queue/cleanup';
import { createTestClock } from '../helpers/clock';
import { useTestDatabase } from '../helpers/db';
import { buildComment, buildSite } from '../helpers/factories';

useTestDatabase();

it('deletes change tickets older than a day, once an hour, and keeps recent ones', async () => {
  const clock = createTestClock('2026-02-01T00:00:00Z');
  const site = await buildSite();
  const old = await buildComment(site, { status: 'pending' });
  await changeCommentStatus(old.id, 'pending', 'approved', clock.now());
  clock.advance(25 * 60 * 60_000);
  const recent = await buildComment(site, { status: 'pending' });
  await changeCommentStatus(recent.id, 'pending', 'spam', clock.now());
  const ticketsOf = async (commentId: string) =>
    CommentChangeTicketModel.countDocuments({ _id: { $regex: `^${commentId}:` } });
  expect(await ticketsOf(old.id)).toBeGreaterThan(0);

  const cleanup = createPeriodicCleanup(clock, 'change-ticket-pruning', pruneChangeTickets);
  expect(await cleanup.runNext('test-worker')).toBe(false);
  expect(await ticketsOf(old.id)).toBe(0);
  expect(await ticketsOf(recent.id)).toBeGreaterThan(0);

  // Not again within the hour, even when there is something old to delete.
  const late = await buildComment(site, { status: 'pending' });
  await changeCommentStatus(late.id, 'pending', 'trash', new Date(clock.now().getTime() - 2 * 86_400_000));
  clock.advance(30 * 60_000);
  await cleanup.runNext('test-worker');
  expect(await ticketsOf(late.id)).toBeGreaterThan(0);
  clock.advance(31 * 60_000);
  await cleanup.runNext('test-worker');
  expect(await ticketsOf(late.id)).toBe(0);
  expect(await ticketsOf(recent.id)).toBeGreaterThan(0);
});
