// What the live thread stream accepts: the page, as the thread read names it, and where to
// resume for clients that cannot send Last-Event-ID.
import { z } from 'zod';
import { listCommentsRequest } from '../comments/comment.schema';

export const streamRequest = z.object({
  params: listCommentsRequest.shape.params,
  query: z.object({
    pageId: listCommentsRequest.shape.query.shape.pageId,
    lastEventId: z.coerce
      .number({ error: 'lastEventId must be a number.' })
      .int('lastEventId must be a whole number.')
      .min(0, 'lastEventId must be 0 or more.')
      .optional()
      .meta({
        description:
          'Resume after this change, as the `Last-Event-ID` header does (the header wins when both are sent).',
      }),
  }),
});

/** Last-Event-ID as sent: a change number, or -1 for one that makes no sense (the client then reads the thread again). */
export function parseLastEventId(header: string | undefined): number | undefined {
  if (header === undefined || header === '') return undefined;
  return /^\d{1,15}$/.test(header) ? Number(header) : -1;
}
