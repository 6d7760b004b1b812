import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { ConfigError, loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { loadEmailKey } from '../../src/privacy/emailKey';
import { createEmailVault } from '../../src/privacy/emailVault';

function capturingLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { log: createLogger({ destination }), lines };
}

describe('email vault', () => {
  const vault = createEmailVault(Buffer.alloc(32, 1));

  it('encrypts with AES-256-GCM: a fresh IV each time, and tampering is detected', () => {
    const a = vault.encrypt('reader@example.org');
    const b = vault.encrypt('reader@example.org');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1:/);
    expect(vault.decrypt(a)).toBe('reader@example.org');
    const bytes = Buffer.from(a.slice(3), 'base64');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 1;
    expect(() => vault.decrypt(`v1:${bytes.toString('base64')}`)).toThrow();
  });

  it('hashes the normalised address with a keyed HMAC', () => {
    expect(vault.hash(' Reader@Example.ORG ')).toBe(vault.hash('reader@example.org'));
    expect(vault.hash('reader@example.org')).not.toBe(
      createEmailVault(Buffer.alloc(32, 2)).hash('reader@example.org'),
    );
  });

  it('derives avatar seeds that differ from the lookup hash', () => {
    const hash = vault.hash('reader@example.org');
    expect(vault.avatarSeed(hash)).not.toContain(hash.slice(0, 8));
    expect(vault.avatarSeed(hash)).toBe(vault.avatarSeed(hash));
  });
});

describe('the email key', () => {
  it('generates a development key under DATA_DIR once, with a warning', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-key-'));
    const config = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir });
    const { log, lines } = capturingLogger();
    const first = loadEmailKey(config, log);
    const second = loadEmailKey(config, log);
    expect(first).toHaveLength(32);
    expect(second.equals(first)).toBe(true);
    const file = path.join(dataDir, 'email.key');
    expect(Buffer.from(readFileSync(file, 'utf8'), 'base64').equals(first)).toBe(true);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(lines.join('')).toMatch(/"level":40.*EMAIL_KEY is not set/);
  });

  it('uses EMAIL_KEY when set', () => {
    const key = Buffer.alloc(32, 9);
    const config = loadConfig({ NODE_ENV: 'development', EMAIL_KEY: key.toString('base64') });
    expect(loadEmailKey(config, capturingLogger().log).equals(key)).toBe(true);
  });

  it('refuses to start in production without a key, or with a key of the wrong size', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/EMAIL_KEY is required in production/);
    expect(() => loadConfig({ EMAIL_KEY: Buffer.alloc(16).toString('base64') })).toThrow(
      /EMAIL_KEY must be 32 bytes/,
    );
  });
});
