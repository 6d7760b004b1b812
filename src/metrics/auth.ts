// The optional bearer token in front of /metrics (METRICS_TOKEN).
import { createHash, timingSafeEqual } from 'node:crypto';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** True when no token is configured, or the Authorization header carries it. */
export function isMetricsReader(authorization: string | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  // Comparing digests keeps the comparison constant-time whatever the lengths.
  return match !== null && timingSafeEqual(digest(match[1] as string), digest(token));
}
