// Liveness and readiness in the API reference.
import { z } from 'zod';
import { type ApiOperation, json } from '../reference/operation';

const TAG = 'Operations';

export const healthOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/healthz',
    tag: TAG,
    summary: 'Liveness',
    description: 'Answers while the process lives.',
    responses: { 200: json('Alive.', z.object({ status: z.literal('ok') })) },
  },
  {
    method: 'get',
    path: '/readyz',
    tag: TAG,
    summary: 'Readiness',
    description:
      'Ready while the database answers a ping and start-up work (bringing an older database over) is done.',
    responses: {
      200: json('Ready.', z.object({ status: z.literal('ok') })),
      503: json(
        'Not ready: starting, or the database does not answer.',
        z.object({ status: z.literal('unavailable') }),
      ),
    },
  },
];
