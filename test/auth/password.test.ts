import { scryptSync } from 'node:crypto';
import { hashPassword, verifyAgainstNoAccount, verifyPassword } from '../../src/auth/password';

describe('password hashing', () => {
  it('stores scrypt with its parameters and a random salt, and verifies only the right password', async () => {
    const first = await hashPassword('correct horse battery staple');
    const second = await hashPassword('correct horse battery staple');

    expect(first).toMatch(/^scrypt\$N=32768,r=8,p=1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword('correct horse battery staple', first)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', first)).toBe(false);
    expect(await verifyPassword('', first)).toBe(false);
  });

  it('verifies with the parameters stored in the hash, so the cost can change later', async () => {
    const salt = Buffer.from('0123456789abcdef');
    const key = scryptSync('an older password', salt, 32, { N: 1024, r: 8, p: 1 });
    const stored = `scrypt$N=1024,r=8,p=1$${salt.toString('base64')}$${key.toString('base64')}`;
    expect(await verifyPassword('an older password', stored)).toBe(true);
    expect(await verifyPassword('another password', stored)).toBe(false);
  });

  it('treats composed and decomposed accents as the same password', async () => {
    const stored = await hashPassword('caf\u00e9 au lait, s\u2019il vous pla\u00eet');
    expect(await verifyPassword('cafe\u0301 au lait, s\u2019il vous plai\u0302t', stored)).toBe(true);
  });

  it('rejects malformed or absurdly expensive stored hashes instead of trying them', async () => {
    const salt = Buffer.alloc(16).toString('base64');
    const key = Buffer.alloc(32).toString('base64');
    for (const stored of [
      '',
      'plaintext',
      `scrypt$N=1000,r=8,p=1$${salt}$${key}`,
      `scrypt$N=${2 ** 30},r=8,p=1$${salt}$${key}`,
      `bcrypt$N=1024,r=8,p=1$${salt}$${key}`,
    ]) {
      expect(await verifyPassword('anything', stored)).toBe(false);
    }
  });

  it('spends a real check on a missing account and always says no', async () => {
    expect(await verifyAgainstNoAccount('correct horse battery staple')).toBe(false);
  });
});
