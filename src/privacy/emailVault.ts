// Commenters' email addresses are encrypted at rest (AES-256-GCM). Lookups (duplicates,
// flood, "previously approved", erasure) use an HMAC of the normalised address instead,
// and avatars use a seed derived from that HMAC, which cannot be turned back into the email.
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

export interface EmailVault {
  encrypt(email: string): string;
  decrypt(sealed: string): string;
  hash(email: string): string;
  avatarSeed(identity: string): string;
}

const FORMAT = 'v1';

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function createEmailVault(key: Buffer): EmailVault {
  if (key.length !== 32) throw new Error('the email key must be 32 bytes');
  const derive = (purpose: string) =>
    Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `parley:${purpose}`, 32));
  const encryptionKey = derive('email-encryption');
  const lookupKey = derive('email-lookup');
  const avatarKey = derive('avatar');

  return {
    encrypt(email) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
      const sealed = Buffer.concat([cipher.update(email, 'utf8'), cipher.final()]);
      return `${FORMAT}:${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64')}`;
    },
    decrypt(sealed) {
      const [format, payload] = sealed.split(':');
      if (format !== FORMAT || !payload) throw new Error('unknown email encryption format');
      const bytes = Buffer.from(payload, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', encryptionKey, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    },
    hash(email) {
      return createHmac('sha256', lookupKey).update(normaliseEmail(email)).digest('hex');
    },
    avatarSeed(identity) {
      return createHmac('sha256', avatarKey).update(identity).digest('hex').slice(0, 20);
    },
  };
}

/** Gravatar's own hash; only stored privately and shown when a site turns Gravatar on. */
export function gravatarHash(email: string): string {
  return createHash('sha256').update(normaliseEmail(email)).digest('hex');
}
