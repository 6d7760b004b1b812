// Liveness and readiness for orchestrators: /healthz answers while the process lives,
// /readyz only while the database answers a ping and start-up work (bringing an older
// database over) is finished.
import { Router } from 'express';
import { isDatabaseReady } from '../db/connection';

export function createHealthRouter(isStarted: () => boolean = () => true): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const ready = isStarted() && (await isDatabaseReady());
    res
      .status(ready ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ status: ready ? 'ok' : 'unavailable' });
  });
  return router;
}
