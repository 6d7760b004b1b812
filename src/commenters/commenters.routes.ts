// The block and trust lists of a site (/api/v1/moderation/sites/:site/blocks and /trusts).
// Mounted behind requireUser; the service checks that the caller moderates the site.
import { Router } from 'express';
import { currentUser } from '../auth';
import type { Clock } from '../clock';
import { input, validate } from '../http/validate';
import type { CommenterList } from '../shared/commenterLists';
import { presentEntries, presentEntry } from './commenters.presenter';
import { addBlockRequest, addTrustRequest, entryRequest, listRequest } from './commenters.schema';
import { actorOf, type CommenterListService } from './commenters.service';

export const LIST_PATHS: Record<CommenterList, string> = { block: 'blocks', trust: 'trusts' };

export function createCommenterListRouter(deps: { lists: CommenterListService; clock: Clock }): Router {
  const { lists, clock } = deps;
  const router = Router();
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'private, no-store');
    next();
  });

  for (const list of ['block', 'trust'] as const) {
    const path = `/:site/${LIST_PATHS[list]}`;
    const addRequest = list === 'block' ? addBlockRequest : addTrustRequest;

    router.get(path, validate(listRequest), async (_req, res) => {
      const { params } = input(res, listRequest);
      await lists.assertCanModerateSite(currentUser(res), params.site);
      res.json(presentEntries(await lists.listSiteEntries(params.site, list), clock.now()));
    });

    router.post(path, validate(addRequest), async (_req, res) => {
      const { params, body } = input(res, addRequest);
      const user = currentUser(res);
      await lists.assertCanModerateSite(user, params.site);
      const entry = await lists.addEntry(actorOf(user), params.site, list, body);
      res.status(201).json({ entry: presentEntry(entry, clock.now()) });
    });

    router.delete(`${path}/:id`, validate(entryRequest), async (_req, res) => {
      const { params } = input(res, entryRequest);
      const user = currentUser(res);
      await lists.assertCanModerateSite(user, params.site);
      await lists.removeEntry(actorOf(user), params.site, list, params.id);
      res.status(204).end();
    });
  }
  return router;
}
