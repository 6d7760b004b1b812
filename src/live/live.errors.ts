// The refusals of a live thread stream. Each says when to try again: the embed's EventSource
// does not retry a refused stream, but other clients may.
import { AppError } from '../errors';

/** Seconds a refused client should wait before asking again. */
export const RETRY_AFTER_SECONDS = 30;

const retryAfter = { 'Retry-After': String(RETRY_AFTER_SECONDS) };

export const liveErrors = {
  tooManyFromIp: () =>
    new AppError(
      429,
      'too_many_streams',
      'Too many live streams are open from this address.',
      undefined,
      retryAfter,
    ),
  full: () =>
    new AppError(503, 'live_unavailable', 'Live updates are not available right now.', undefined, retryAfter),
};
