// GET /metrics in Prometheus's text format. Open unless METRICS_TOKEN is set; then a
// scraper sends `Authorization: Bearer <METRICS_TOKEN>`.
import { Router } from 'express';
import { errors } from '../errors';
import { isMetricsReader } from './auth';
import type { Metrics } from './metrics';

export function createMetricsRouter(deps: { metrics: Metrics; token?: string }): Router {
  const router = Router();
  router.get('/metrics', async (req, res) => {
    if (!isMetricsReader(req.headers.authorization, deps.token)) {
      res.set('WWW-Authenticate', 'Bearer realm="metrics"');
      throw errors.unauthorized('Send the metrics token as a Bearer token.');
    }
    const body = await deps.metrics.registry.metrics();
    res.set('Cache-Control', 'no-store').type(deps.metrics.registry.contentType).send(body);
  });
  return router;
}
