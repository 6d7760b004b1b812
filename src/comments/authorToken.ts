// The token that lets a reader see their own comments while they await moderation
// ("Your comment is awaiting moderation"). Only its hash is stored.
import { createHash, randomBytes } from 'node:crypto';

const AUTHOR_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function createAuthorToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashAuthorToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function isAuthorToken(token: unknown): token is string {
  return typeof token === 'string' && AUTHOR_TOKEN.test(token);
}
