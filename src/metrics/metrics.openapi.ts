// /metrics in the API reference.
import { z } from 'zod';
import type { ApiOperation } from '../reference/operation';

export const metricsOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/metrics',
    tag: 'Operations',
    summary: 'Metrics for Prometheus',
    description:
      'In Prometheus text format; README.md lists the metrics. Open unless `METRICS_TOKEN` is set.',
    auth: 'metrics',
    responses: { 200: { description: 'The metrics.', content: { 'text/plain': { schema: z.string() } } } },
    errors: [
      { status: 401, code: 'unauthorized', when: '`METRICS_TOKEN` is set and the request does not send it.' },
    ],
  },
];
