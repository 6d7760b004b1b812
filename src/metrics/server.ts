// A bare HTTP server for GET /metrics, for `npm run worker` (WORKER_METRICS_PORT): spam
// checks are timed in the process that runs them, which has no app of its own.
import { createServer, type Server } from 'node:http';
import type { Logger } from '../logger';
import { isMetricsReader } from './auth';
import type { Metrics } from './metrics';

export function serveMetrics(deps: {
  metrics: Metrics;
  port: number;
  host: string;
  token?: string;
  log: Logger;
}): Promise<Server> {
  const { metrics, token, log } = deps;
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    if (!isMetricsReader(req.headers.authorization, token)) {
      res
        .writeHead(401, { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Bearer realm="metrics"' })
        .end('unauthorized\n');
      return;
    }
    metrics.registry.metrics().then(
      (body) =>
        res
          .writeHead(200, { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' })
          .end(body),
      (error: Error) => {
        log.error({ reason: error.message }, 'could not collect metrics');
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end('could not collect metrics\n');
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(deps.port, deps.host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
