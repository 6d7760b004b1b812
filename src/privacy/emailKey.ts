// Where the email encryption key comes from: EMAIL_KEY, or outside production a key
// generated once and kept under DATA_DIR (config refuses production without EMAIL_KEY).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../logger';

export function loadEmailKey(config: Config, log: Logger): Buffer {
  if (config.EMAIL_KEY) return Buffer.from(config.EMAIL_KEY, 'base64');
  const file = path.resolve(config.DATA_DIR, 'email.key');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  log.warn(
    { file },
    'EMAIL_KEY is not set: using a development key; set EMAIL_KEY before going to production',
  );
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}
