// FerretDB applies an update as a read and a separate write, so comment changes take a
// ticket (a unique insert) first. A ticket left by a process that stopped half-way blocks
// the comment only until it is stale.
import { CommentChangeTicketModel } from '../../src/comments/store/changeTicket.model';
import { findComment } from '../../src/comments/store/reads';
import { useTestDatabase } from '../helpers/db';
import { buildComment } from '../helpers/factories';
import { as, auditOf, buildModerationApp, buildWorld, PAGE, pageState } from './helpers';

useTestDatabase();

const { app, clock } = buildModerationApp();

describe('comment change tickets', () => {
  it('a ticket held by another change refuses the action with 409 status_changed, until it is stale', async () => {
    const world = await buildWorld();
    const target = await buildComment(world.news, { pageId: PAGE, status: 'pending' });
    // Another process took the ticket for the comment's first change and then stopped.
    await CommentChangeTicketModel.create({
      _id: `${target.id}:0:0`,
      commentId: target.id,
      seq: 0,
      change: 'pending>spam',
      at: clock.now(),
    });

    const refused = await as(app, world.newsModerator).post(`/comments/${target.id}/approve`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('status_changed');
    expect((await findComment(target.id))?.status).toBe('pending');
    expect(await auditOf(target)).toEqual([]);

    clock.advance(61_000);
    await as(app, world.newsModerator).post(`/comments/${target.id}/approve`).expect(200);
    expect((await findComment(target.id))?.status).toBe('approved');
    expect(await pageState('news')).toMatchObject({ approvedCount: 1 });
    // Every later change takes the next ticket.
    await as(app, world.newsModerator).post(`/comments/${target.id}/trash`).expect(200);
    await as(app, world.newsModerator).patch(`/comments/${target.id}`, { content: 'Edited' }).expect(200);
    expect(await CommentChangeTicketModel.countDocuments({ commentId: target.id })).toBe(4);
  });
});
