// The live thread stream in the API reference.
import { z } from 'zod';
import { type ApiOperation, documented } from '../reference/operation';
import { liveErrors } from './live.errors';
import { streamRequest } from './live.schema';

export const liveOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/v1/sites/:site/stream',
    tag: 'Comments',
    summary: "Follow a page's thread live",
    description:
      'Server-sent events (`text/event-stream`) for as long as the connection stays open: one unnamed ' +
      'event per comment that appears (`added`), changes (`edited`) or goes (`removed`) in the public ' +
      'thread, with `data: {"kind":"added","id":"<comment id>"}` and the change\'s number on the page as ' +
      'its `id:`. A `reset` event (data `{}`, naming no comment) means more changed than the stream can ' +
      'name: read the thread again. ' +
      'Send the last number as `Last-Event-ID` (browsers do when they reconnect) to get what was missed. ' +
      'A comment line (`: ping`) comes every `LIVE_HEARTBEAT_MS` (20 s). Each process looks at a page ' +
      'about once a second, so an event follows its change within a second or two, whichever process ' +
      'the change went through.',
    request: streamRequest,
    headers: z.object({
      'Last-Event-ID': z.string().optional().meta({
        description:
          'The `id:` of the last event received: the stream starts with what came after it (a `reset` when that is too long ago, or when the value is not one the stream gave).',
      }),
    }),
    responses: {
      200: {
        description: 'The stream; it ends when the server shuts down, and browsers reconnect.',
        content: {
          'text/event-stream': {
            schema: z.string().meta({
              description:
                'retry: 3000\\nid: 7\\n\\nid: 8\\ndata: {"kind":"added","id":"665f1c2e9b1d4a0012345678"}\\n\\n: ping\\n\\n',
            }),
          },
        },
      },
    },
    errors: [
      { status: 404, code: 'site_not_found', when: 'No site has this id.' },
      documented(
        liveErrors.tooManyFromIp(),
        'This address holds `LIVE_MAX_PER_IP` streams on this process already; see `Retry-After`.',
      ),
      documented(
        liveErrors.full(),
        'This process holds `LIVE_MAX_STREAMS` streams already (0 turns live updates off), or is shutting down; see `Retry-After`.',
      ),
    ],
  },
];
