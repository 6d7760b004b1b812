// tokens:list and tokens:revoke: every user's API tokens as the operator sees them (never a
// token or its hash), and revoking one, which the next request it makes feels.
import request from 'supertest';
import { ApiTokenModel } from '../../src/auth/apiToken.model';
import { createApiToken } from '../../src/auth/apiTokens';
import { buildUser } from '../auth/helpers';
import { buildTestApp } from '../helpers/app';
import { runCliHere } from '../helpers/cli';
import { createTestClock } from '../helpers/clock';
import { useTestDatabase } from '../helpers/db';

useTestDatabase();

const EMAIL = 'ada.moderator@example.org';
const cli = (...args: string[]) => runCliHere(args);
const clock = createTestClock('2026-03-01T08:00:00Z');
const { app } = buildTestApp({ clock });

const countsWith = (token: string) =>
  request(app).get('/api/v1/moderation/counts').set('Authorization', `Bearer ${token}`);

async function buildTokens() {
  const ada = await buildUser({ email: EMAIL });
  const root = await buildUser({ email: 'root@example.org', role: 'admin' });
  const backup = await createApiToken(ada.id, 'backup script', new Date('2026-02-01T10:00:00Z'));
  const ci = await createApiToken(root.id, 'ci', new Date('2026-02-02T10:00:00Z'));
  const spare = await createApiToken(ada.id, 'spare', new Date('2026-02-03T10:00:00Z'));
  // The backup script has called the API once; the others never have.
  await countsWith(backup.token).expect(200);
  return { ada, root, backup, ci, spare };
}

describe('tokens:list', () => {
  it("lists every user's tokens, oldest first: id, owner, name, created, last used", async () => {
    const { ada, root, backup, ci, spare } = await buildTokens();

    const plain = await cli('tokens:list');
    expect(plain).toEqual({
      code: 0,
      stderr: '',
      stdout:
        `${backup.apiToken.id}\t${EMAIL}\tbackup script\t2026-02-01T10:00:00.000Z\t2026-03-01T08:00:00.000Z\n` +
        `${ci.apiToken.id}\troot@example.org\tci\t2026-02-02T10:00:00.000Z\tnever\n` +
        `${spare.apiToken.id}\t${EMAIL}\tspare\t2026-02-03T10:00:00.000Z\tnever\n`,
    });

    const json = await cli('tokens:list', '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([
      {
        id: backup.apiToken.id,
        userId: ada.id,
        ownerEmail: EMAIL,
        name: 'backup script',
        createdAt: '2026-02-01T10:00:00.000Z',
        lastUsedAt: '2026-03-01T08:00:00.000Z',
      },
      {
        id: ci.apiToken.id,
        userId: root.id,
        ownerEmail: 'root@example.org',
        name: 'ci',
        createdAt: '2026-02-02T10:00:00.000Z',
        lastUsedAt: null,
      },
      expect.objectContaining({ id: spare.apiToken.id, name: 'spare' }),
    ]);

    const hashes = (await ApiTokenModel.find().lean()).map((doc) => doc.tokenHash);
    for (const output of [plain.stdout, json.stdout]) {
      for (const secret of [backup.token, ci.token, spare.token, ...hashes]) {
        expect(output).not.toContain(secret);
        expect(output).not.toContain(secret.slice(3, 20));
      }
    }
  });

  it("lists one user's tokens when given their email", async () => {
    const { backup, spare } = await buildTokens();

    const plain = await cli('tokens:list', EMAIL.toUpperCase());
    expect(plain.code).toBe(0);
    expect(
      plain.stdout
        .trim()
        .split('\n')
        .map((line) => line.split('\t').slice(0, 3)),
    ).toEqual([
      [backup.apiToken.id, EMAIL, 'backup script'],
      [spare.apiToken.id, EMAIL, 'spare'],
    ]);
    const json = await cli('tokens:list', EMAIL, '--json');
    expect(JSON.parse(json.stdout).map((token: { id: string }) => token.id)).toEqual([
      backup.apiToken.id,
      spare.apiToken.id,
    ]);
  });

  it('answers no tokens with nothing, or [] as JSON', async () => {
    await buildUser({ email: EMAIL });
    expect(await cli('tokens:list')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(JSON.parse((await cli('tokens:list', EMAIL, '--json')).stdout)).toEqual([]);
  });

  it('refuses an unknown email and extra arguments', async () => {
    await buildTokens();
    expect(await cli('tokens:list', 'nobody@example.org')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'parley: there is no user with this email\n',
    });
    expect(await cli('tokens:list', 'nobody@example.org', '--json')).toMatchObject({ code: 1, stdout: '' });
    expect(await cli('tokens:list', EMAIL, 'root@example.org')).toEqual({
      code: 1,
      stdout: '',
      stderr: expect.stringMatching(/^parley: usage: tokens:list/),
    });
  });
});

describe('tokens:revoke', () => {
  it('revokes a token by id: its next request gets 401, the other tokens go on working', async () => {
    const { backup, ci, spare } = await buildTokens();

    expect(await cli('tokens:revoke', backup.apiToken.id)).toEqual({
      code: 0,
      stderr: '',
      stdout: `token ${backup.apiToken.id} ("backup script") revoked\n`,
    });

    await countsWith(backup.token).expect(401);
    await countsWith(ci.token).expect(200);
    await countsWith(spare.token).expect(200);
    expect(await ApiTokenModel.findById(backup.apiToken.id).lean()).toBeNull();
    expect(await ApiTokenModel.countDocuments()).toBe(2);
  });

  it('answers the revoked token as JSON with --json, never the token itself', async () => {
    const { root, ci } = await buildTokens();

    const result = await cli('tokens:revoke', ci.apiToken.id, '--json');

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      id: ci.apiToken.id,
      userId: root.id,
      ownerEmail: 'root@example.org',
      name: 'ci',
      createdAt: '2026-02-02T10:00:00.000Z',
      lastUsedAt: null,
    });
    expect(result.stdout).not.toContain(ci.token);
    await countsWith(ci.token).expect(401);
  });

  it('refuses an unknown id (also one revoked already) and a missing one, changing nothing', async () => {
    const { backup } = await buildTokens();
    await cli('tokens:revoke', backup.apiToken.id);
    for (const id of ['no-such-token', backup.apiToken.id]) {
      expect(await cli('tokens:revoke', id)).toEqual({
        code: 1,
        stdout: '',
        stderr: `parley: there is no API token "${id}"\n`,
      });
    }
    expect(await cli('tokens:revoke')).toEqual({
      code: 1,
      stdout: '',
      stderr: expect.stringMatching(/^parley: usage: tokens:revoke <id>/),
    });
    expect(await ApiTokenModel.countDocuments()).toBe(2);
  });
});
