// The errors of logging in and of guarded routes. Built on AppError from src/errors.ts,
// so the one error handler answers them.
import { AppError, errors } from '../errors';

export const authErrors = {
  // One message whether or not the email belongs to anyone, so it reveals nothing.
  invalidCredentials: () => new AppError(401, 'invalid_credentials', 'The email or password is not right.'),
  unauthorized: () => errors.unauthorized('Please log in.'),
  csrfFailed: () =>
    errors.forbidden('csrf_failed', 'Send the X-CSRF-Token header you received at login with this request.'),
  forbidden: () => errors.forbidden('forbidden', 'Your account may not do this.'),
  tooManyAttempts: (retryAfterSeconds: number) =>
    errors.tooManyRequests(
      'too_many_attempts',
      'Too many failed logins. Please wait a while and try again.',
      retryAfterSeconds,
    ),
  jsonRequired: () =>
    new AppError(415, 'unsupported_media_type', 'Send the login as JSON (Content-Type: application/json).'),
  sessionRequired: () =>
    errors.forbidden('session_required', 'Log in with your password to make API tokens.'),
  tokenNotFound: () => errors.notFound('token_not_found', 'You have no API token with this id.'),
};
