// Moderators' passwords, hashed with scrypt and a random salt. Each hash carries its own
// cost parameters (`scrypt$N=..,r=..,p=..$salt$key`), so the cost can be raised later
// without breaking the hashes already stored.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export const PASSWORD_MIN_LENGTH = 12;

interface Cost {
  N: number;
  r: number;
  p: number;
}

// About 32 MiB and a few tens of milliseconds per hash on a current server.
const COST: Cost = { N: 2 ** 15, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;
// A stored hash is data; bounds keep a tampered one from asking for gigabytes.
const MAX_COST: Cost = { N: 2 ** 20, r: 32, p: 16 };

function derive(password: string, salt: Buffer, cost: Cost, keyBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // The same password typed with composed or decomposed accents must match.
    scrypt(
      password.normalize('NFKC'),
      salt,
      keyBytes,
      { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, COST, KEY_BYTES);
  const cost = `N=${COST.N},r=${COST.r},p=${COST.p}`;
  return `scrypt$${cost}$${salt.toString('base64')}$${key.toString('base64')}`;
}

interface ParsedHash {
  cost: Cost;
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): ParsedHash | undefined {
  const match = /^scrypt\$N=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!match) return undefined;
  const cost = { N: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  const isPowerOfTwo = cost.N > 1 && (cost.N & (cost.N - 1)) === 0;
  if (!isPowerOfTwo || cost.N > MAX_COST.N || cost.r < 1 || cost.r > MAX_COST.r) return undefined;
  if (cost.p < 1 || cost.p > MAX_COST.p) return undefined;
  const key = Buffer.from(match[5] as string, 'base64');
  if (key.length < 16) return undefined;
  return { cost, salt: Buffer.from(match[4] as string, 'base64'), key };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.cost, parsed.key.length);
  return timingSafeEqual(key, parsed.key);
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time a real check would when there is no account to check against, so the
 * answer's timing does not tell whether an email belongs to a moderator. Always false.
 */
export async function verifyAgainstNoAccount(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await dummyHash);
  return false;
}
