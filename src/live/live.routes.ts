// The live thread stream: server-sent events naming the comments that appear, change or go
// on a page's public thread (src/live/streams.ts watches the pages). Public: CORS as the
// other public routes, and the database only by _id.
import { Router } from 'express';
import { input, validate } from '../http/validate';
import { currentSite, loadSite, siteCors } from '../sites/site.middleware';
import type { ReadCache } from '../threads/readCache';
import { parseLastEventId, streamRequest } from './live.schema';
import type { LiveStreams } from './streams';

export function createLiveRouter(deps: { cache: ReadCache; live: LiveStreams }): Router {
  const router = Router();
  // Only on this path, so the comment routes mounted after this router load the site once.
  router.use('/sites/:site/stream', loadSite(deps.cache.site), siteCors);
  router.get('/sites/:site/stream', validate(streamRequest), async (req, res) => {
    const site = currentSite(res);
    const { query } = input(res, streamRequest);
    const header = req.headers['last-event-id'];
    const lastEventId = parseLastEventId(typeof header === 'string' ? header : undefined);
    await deps.live.open(
      {
        site: site.id,
        pageId: query.pageId,
        ip: req.ip ?? '',
        lastEventId: lastEventId ?? query.lastEventId,
      },
      res,
    );
  });
  return router;
}
