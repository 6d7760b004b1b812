// The moderation API (/api/v1/moderation). Mounted behind requireUser, which answers 401
// and checks CSRF for cookie sessions; site access is checked by the service.
import { Router } from 'express';
import { currentUser, requireRole } from '../auth';
import { input, validate } from '../http/validate';
import { presentBulk, presentCard, presentCounts, presentDetail, presentList } from './moderation.presenter';
import {
  bulkRequest,
  commentRequest,
  countsRequest,
  editRequest,
  listRequest,
  replyRequest,
} from './moderation.schema';
import type { ModerationService } from './moderation.service';
import { STATUS_ACTIONS } from './transitions';

export function createModerationRouter(deps: { moderation: ModerationService }): Router {
  const { moderation } = deps;
  const router = Router();
  // Private data: never cached by anything between the moderator and us.
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'private, no-store');
    next();
  });

  router.get('/comments', validate(listRequest), async (_req, res) => {
    const { query } = input(res, listRequest);
    res.json(presentList(await moderation.listComments(currentUser(res), query)));
  });

  router.get('/counts', validate(countsRequest), async (_req, res) => {
    const { query } = input(res, countsRequest);
    res.json(presentCounts(await moderation.countComments(currentUser(res), query.site)));
  });

  router.post('/comments/bulk', validate(bulkRequest), async (_req, res) => {
    const { body } = input(res, bulkRequest);
    res.json(presentBulk(await moderation.bulkAction(currentUser(res), body.ids, body.action)));
  });

  router.get('/comments/:id', validate(commentRequest), async (_req, res) => {
    const { params } = input(res, commentRequest);
    res.json(presentDetail(await moderation.readComment(currentUser(res), params.id)));
  });

  router.patch('/comments/:id', validate(editRequest), async (_req, res) => {
    const { params, body } = input(res, editRequest);
    const view = await moderation.editComment(currentUser(res), params.id, body.content);
    res.json({ comment: presentCard(view) });
  });

  router.delete('/comments/:id', requireRole('admin'), validate(commentRequest), async (_req, res) => {
    const { params } = input(res, commentRequest);
    await moderation.deleteComment(currentUser(res), params.id);
    res.status(204).end();
  });

  for (const action of STATUS_ACTIONS) {
    router.post(`/comments/:id/${action}`, validate(commentRequest), async (_req, res) => {
      const { params } = input(res, commentRequest);
      const view = await moderation.changeStatus(currentUser(res), params.id, action);
      res.json({ comment: presentCard(view) });
    });
  }

  router.post('/comments/:id/reply', validate(replyRequest), async (_req, res) => {
    const { params, body } = input(res, replyRequest);
    const view = await moderation.replyAsModerator(currentUser(res), params.id, body.content);
    res.status(201).json({ comment: presentCard(view) });
  });

  return router;
}
