/**
 * Prometheus metrics (prom-client), one registry per app or worker:
 *   createMetrics({ clock, log })   the registry and the observers below
 *   measureRequests(metrics)        middleware: parley_http_requests_total, parley_http_request_duration_seconds
 *   metrics.observeSpamCheck        createParleyWorker's onSpamCheckAttempt: parley_spam_checks_total,
 *                                   parley_spam_check_duration_seconds
 *   createMetricsRouter(...)        GET /metrics (METRICS_TOKEN guards it when set)
 *   serveMetrics(...)               the same for `npm run worker` on WORKER_METRICS_PORT
 * Read from the database on scrape: parley_spam_check_queue_{due,retrying,oldest_due_age_seconds},
 * parley_comments{status}, parley_jobs{type,state}.
 */
export { measureRequests } from './http';
export { createMetrics, type Metrics } from './metrics';
export { createMetricsRouter } from './metrics.routes';
export { serveMetrics } from './server';
