// A process that dies between changing a comment and updating its page's thread leaves a sync
// marker; the worker's repair pass finds it and brings the thread up to date.
import request from 'supertest';
import { CommentModel } from '../../src/comments/store/comment.model';
import { markThreadChange, repairThreads, ThreadSyncMarkerModel } from '../../src/threads/thread.markers';
import { buildTestApp } from '../helpers/app';
import { useTestDatabase } from '../helpers/db';
import { buildComment, buildSite } from '../helpers/factories';

useTestDatabase();

it('syncs a change whose writer died after writing the comment', async () => {
  const { app } = buildTestApp();
  const site = await buildSite();
  await buildComment(site, { pageId: '/crash' });
  const late = await buildComment(site, { pageId: '/crash', status: 'pending' });

  // What changeCommentStatus does, up to the crash: the marker, then the comment's write.
  await markThreadChange(
    {
      site: site.id,
      pageId: '/crash',
      threadId: late.threadId,
      commentId: late.id,
      createdAt: late.createdAt,
    },
    'crash',
  );
  await CommentModel.updateOne({ _id: late.id }, { $set: { status: 'approved' } });
  const read = () => request(app).get(`/api/v1/sites/${site.id}/comments?pageId=/crash`).expect(200);
  expect((await read()).body.total).toBe(1);

  // A marker this young may belong to a writer still at work: left alone.
  expect(await repairThreads(new Date())).toBe(0);
  expect(await repairThreads(new Date(Date.now() + 31_000))).toBe(1);
  const after = await read();
  expect(after.body.total).toBe(2);
  expect(after.body.comments.map((comment: { id: string }) => comment.id)).toContain(late.id);
  expect(await ThreadSyncMarkerModel.countDocuments()).toBe(0);
});
