// A commenter's data on request (/api/v1/moderation/privacy): export and erase. Mounted
// behind requireUser and requireRole('admin'); admins administer every site.
import { Router } from 'express';
import { currentUser } from '../auth';
import { input, validate } from '../http/validate';
import { presentCommenterData, presentErasure } from './privacy.presenter';
import { eraseRequest, exportRequest } from './privacy.schema';
import type { PrivacyRequests } from './privacy.service';

export function createPrivacyRouter(deps: { privacy: PrivacyRequests }): Router {
  const { privacy } = deps;
  const router = Router();
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'private, no-store');
    next();
  });

  router.post('/export', validate(exportRequest), async (_req, res) => {
    const { body } = input(res, exportRequest);
    const data = await privacy.exportData(currentUser(res), {
      email: body.email,
      ...(body.site && { sites: [body.site] }),
    });
    res.json(presentCommenterData(data));
  });

  router.post('/erase', validate(eraseRequest), async (_req, res) => {
    const { body } = input(res, eraseRequest);
    const result = await privacy.erase(
      currentUser(res),
      { email: body.email, ...(body.site && { sites: [body.site] }) },
      body.mode,
    );
    res.json(presentErasure(result));
  });

  return router;
}
