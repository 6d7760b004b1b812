// The account commands an operator reaches for: users:list, users:set, users:passwd,
// users:disable and users:enable, run through the CLI's own dispatch against this file's
// database, with their effect checked through the real app.
import request from 'supertest';
import { createApiToken } from '../../src/auth/apiTokens';
import { LOGIN_THROTTLE } from '../../src/auth/login';
import { SessionModel } from '../../src/auth/session.model';
import { findUserByEmail, UserModel } from '../../src/auth/user.model';
import { buildUser, logIn, PASSWORD } from '../auth/helpers';
import { buildTestApp } from '../helpers/app';
import { runCli, runCliHere } from '../helpers/cli';
import { useTestDatabase } from '../helpers/db';
import { buildComment, buildSite } from '../helpers/factories';

const database = useTestDatabase();
const EMAIL = 'ada.moderator@example.org';
const NEW_PASSWORD = 'a brand new passphrase';

const cli = (...args: string[]) => runCliHere(args);
const { app } = buildTestApp();

/** A moderation API call, as the dashboard (cookie) or a script (Bearer token) makes it. */
function countsWith(credential: { cookie: string } | { token: string }) {
  const req = request(app).get('/api/v1/moderation/counts');
  return 'cookie' in credential
    ? req.set('Cookie', credential.cookie)
    : req.set('Authorization', `Bearer ${credential.token}`);
}

const logInStatus = async (password: string) =>
  (await request(app).post('/api/v1/auth/login').send({ email: EMAIL, password })).status;

const passwordHashOf = async (id: string) =>
  (await UserModel.findById(id).select('+passwordHash').lean())?.passwordHash;

describe('users:list', () => {
  it('lists every account with its email, name, role, sites and state, or as JSON', async () => {
    await buildSite({ id: 'news' });
    const moderator = await buildUser({ email: EMAIL, sites: ['news'] });
    const admin = await buildUser({ email: 'root@example.org', role: 'admin' });
    await cli('users:set', EMAIL, '--name', 'Ada Lovelace');
    await cli('users:disable', 'root@example.org');

    expect(await cli('users:list')).toEqual({
      code: 0,
      stderr: '',
      stdout:
        `${moderator.id}\t${EMAIL}\tAda Lovelace\tmoderator\tnews\tactive\n` +
        `${admin.id}\troot@example.org\t-\tadmin\t*\tdisabled\n`,
    });

    const json = await cli('users:list', '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([
      {
        id: moderator.id,
        email: EMAIL,
        name: 'Ada Lovelace',
        role: 'moderator',
        sites: ['news'],
        allSites: false,
        disabled: false,
        createdAt: '2026-01-01T00:00:00.000Z',
      },
      {
        id: admin.id,
        email: 'root@example.org',
        name: null,
        role: 'admin',
        sites: [],
        allSites: true,
        disabled: true,
        createdAt: '2026-01-01T00:00:00.000Z',
      },
    ]);
    expect(json.stdout).not.toMatch(/passwordHash|scrypt/);
  });

  it('answers no accounts with nothing, or [] as JSON, and refuses arguments', async () => {
    expect(await cli('users:list')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(JSON.parse((await cli('users:list', '--json')).stdout)).toEqual([]);
    expect(await cli('users:list', EMAIL)).toEqual({
      code: 1,
      stdout: '',
      stderr: expect.stringMatching(/^parley: usage: users:list/),
    });
  });
});

describe('users:set --name', () => {
  it('gives the account a display name, shown by /me and the login, and signing their moderator replies', async () => {
    const site = await buildSite({ id: 'news' });
    const user = await buildUser({ email: EMAIL });

    expect(await cli('users:set', EMAIL.toUpperCase(), '--name', '  Ada Lovelace ')).toEqual({
      code: 0,
      stderr: '',
      stdout: `user ${user.id} is now named "Ada Lovelace"\n`,
    });
    expect((await findUserByEmail(EMAIL))?.name).toBe('Ada Lovelace');

    const session = await logIn(app, EMAIL);
    const login = await request(app).post('/api/v1/auth/login').send({ email: EMAIL, password: PASSWORD });
    expect(login.body.user).toMatchObject({ id: user.id, name: 'Ada Lovelace' });
    const me = await request(app).get('/api/v1/auth/me').set('Cookie', session.cookie).expect(200);
    expect(me.body.user).toEqual({
      id: user.id,
      email: EMAIL,
      name: 'Ada Lovelace',
      role: 'moderator',
      sites: [],
      allSites: true,
    });

    const parent = await buildComment(site, { pageId: '/a' });
    const reply = await request(app)
      .post(`/api/v1/moderation/comments/${parent.id}/reply`)
      .set('Cookie', session.cookie)
      .set('X-CSRF-Token', session.csrfToken)
      .send({ content: 'Thanks.' })
      .expect(201);
    expect(reply.body.comment.author.name).toBe('Ada Lovelace');

    const json = await cli('users:set', EMAIL, '--name', 'Ada King', '--json');
    expect(JSON.parse(json.stdout)).toEqual({
      id: user.id,
      name: 'Ada King',
      role: 'moderator',
      sites: [],
      allSites: true,
      disabled: false,
    });

    expect((await cli('users:set', EMAIL, '--name', '')).stdout).toBe(
      `user ${user.id} has no display name now\n`,
    );
    expect((await findUserByEmail(EMAIL))?.name).toBeNull();
    expect(await UserModel.findById(user.id).lean()).not.toHaveProperty('name');
  });

  it('refuses an unknown email, a missing --name, and a name that is too long or not one line', async () => {
    const user = await buildUser({ email: EMAIL });
    await cli('users:set', EMAIL, '--name', 'Ada');
    const cases: Array<[string[], unknown]> = [
      [['nobody@example.org', '--name', 'X'], 'parley: there is no user with this email\n'],
      [['nobody@example.org', '--name', 'X', '--json'], 'parley: there is no user with this email\n'],
      [[EMAIL], expect.stringMatching(/^parley: usage: users:set <email> --name/)],
      [[], expect.stringMatching(/^parley: usage: users:set/)],
      [
        [EMAIL, '--name', 'x'.repeat(101)],
        'parley: cannot set the name: name: must be at most 100 characters\n',
      ],
      [
        [EMAIL, '--name', 'Ada\tLovelace'],
        expect.stringMatching(/name: must not contain control characters/),
      ],
      [
        [EMAIL, '--name', 'Ada\nLovelace'],
        expect.stringMatching(/name: must not contain control characters/),
      ],
      [[EMAIL, '--role', 'admin'], expect.stringMatching(/^parley: Unknown option '--role'/)],
    ];
    for (const [args, stderr] of cases) {
      expect(await cli('users:set', ...args)).toEqual({ code: 1, stdout: '', stderr });
    }
    expect(await findUserByEmail(EMAIL)).toMatchObject({ id: user.id, name: 'Ada', role: 'moderator' });
  });
});

describe('users:passwd', () => {
  it('sets the new password from stdin: the old one fails, the new one works, sessions end, tokens stay', async () => {
    const user = await buildUser({ email: EMAIL });
    const session = await logIn(app, EMAIL);
    const { token } = await createApiToken(user.id, 'script', new Date());

    const result = await runCliHere(['users:passwd', EMAIL, '--password-stdin'], `${NEW_PASSWORD}\n`);

    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout: `password of user ${user.id} changed; 1 session(s) ended\n`,
    });
    expect(await logInStatus(PASSWORD)).toBe(401);
    expect(await logInStatus(NEW_PASSWORD)).toBe(200);
    await countsWith(session).expect(401);
    await countsWith({ token }).expect(200);
    expect(await passwordHashOf(user.id)).not.toContain(NEW_PASSWORD);
  });

  it('answers JSON with --json, and lets a locked-out owner in with the new password', async () => {
    const user = await buildUser({ email: EMAIL });
    for (let i = 0; i < LOGIN_THROTTLE.perEmail; i++) expect(await logInStatus('a wrong guess')).toBe(401);
    expect(await logInStatus(PASSWORD)).toBe(429);

    const result = await runCliHere(['users:passwd', EMAIL, '--password-stdin', '--json'], NEW_PASSWORD);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      id: user.id,
      name: null,
      role: 'moderator',
      sites: [],
      allSites: true,
      disabled: false,
      sessionsEnded: 0,
    });
    expect(await logInStatus(NEW_PASSWORD)).toBe(200);
  });

  it('refuses a short password, a password not on stdin and an unknown email, changing nothing', async () => {
    const user = await buildUser({ email: EMAIL });
    const hash = await passwordHashOf(user.id);
    const session = await logIn(app, EMAIL);
    const cases: Array<[string[], string, unknown]> = [
      [
        [EMAIL, '--password-stdin'],
        'too short\n',
        'parley: cannot change the password: password: must be at least 12 characters\n',
      ],
      [[EMAIL], NEW_PASSWORD, expect.stringMatching(/--password-stdin \(never as an argument\)/)],
      [[EMAIL, NEW_PASSWORD], NEW_PASSWORD, expect.stringMatching(/^parley: usage: users:passwd/)],
      [
        ['nobody@example.org', '--password-stdin'],
        NEW_PASSWORD,
        'parley: there is no user with this email\n',
      ],
      [[], NEW_PASSWORD, expect.stringMatching(/^parley: usage: users:passwd/)],
    ];
    for (const [args, stdin, stderr] of cases) {
      expect(await runCliHere(['users:passwd', ...args], stdin)).toEqual({ code: 1, stdout: '', stderr });
    }
    expect(await passwordHashOf(user.id)).toBe(hash);
    await countsWith(session).expect(200);
  });

  it('reads the password from a real pipe, as `echo ... | npm run cli` gives it', async () => {
    await buildUser({ email: EMAIL });
    const result = runCli(database.name, ['users:passwd', EMAIL, '--password-stdin'], `${NEW_PASSWORD}\n`);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await logInStatus(NEW_PASSWORD)).toBe(200);
  }, 60_000); // a child process: tsx starts slowly on a busy machine
});

describe('users:disable and users:enable', () => {
  it('stops sessions, API tokens and logins at once; enabling lets the tokens and a new login work again', async () => {
    const user = await buildUser({ email: EMAIL });
    const other = await buildUser({ email: 'root@example.org', role: 'admin' });
    const session = await logIn(app, EMAIL);
    const otherSession = await logIn(app, 'root@example.org');
    const { token } = await createApiToken(user.id, 'script', new Date());
    await countsWith(session).expect(200);
    await countsWith({ token }).expect(200);

    expect(await cli('users:disable', EMAIL)).toEqual({
      code: 0,
      stderr: '',
      stdout: `user ${user.id} disabled\n`,
    });

    await countsWith(session).expect(401);
    await countsWith({ token }).expect(401);
    expect(await logInStatus(PASSWORD)).toBe(401);
    expect(await SessionModel.countDocuments({ userId: user.id })).toBe(0);
    await countsWith(otherSession).expect(200);
    expect((await findUserByEmail(other.email))?.disabled).toBe(false);

    expect(await cli('users:enable', EMAIL)).toEqual({
      code: 0,
      stderr: '',
      stdout: `user ${user.id} enabled\n`,
    });

    await countsWith({ token }).expect(200);
    await countsWith(session).expect(401); // ended for good: they log in again
    const again = await logIn(app, EMAIL);
    await countsWith(again).expect(200);
  });

  it('answers JSON with --json, with the number of sessions ended', async () => {
    const user = await buildUser({ email: EMAIL });
    await logIn(app, EMAIL);
    await logIn(app, EMAIL);

    const disabled = await cli('users:disable', EMAIL, '--json');
    expect(disabled.code).toBe(0);
    expect(JSON.parse(disabled.stdout)).toEqual({
      id: user.id,
      name: null,
      role: 'moderator',
      sites: [],
      allSites: true,
      disabled: true,
      sessionsEnded: 2,
    });
    const enabled = await cli('users:enable', EMAIL, '--json');
    expect(JSON.parse(enabled.stdout)).toMatchObject({ id: user.id, disabled: false, sessionsEnded: 0 });
  });

  it('refuses an unknown email or a missing one, in one line on stderr', async () => {
    await buildUser({ email: EMAIL });
    for (const command of ['users:disable', 'users:enable']) {
      expect(await cli(command, 'nobody@example.org')).toEqual({
        code: 1,
        stdout: '',
        stderr: 'parley: there is no user with this email\n',
      });
      expect(await cli(command, 'nobody@example.org', '--json')).toMatchObject({ code: 1, stdout: '' });
      expect(await cli(command)).toEqual({
        code: 1,
        stdout: '',
        stderr: expect.stringMatching(new RegExp(`^parley: usage: ${command} <email>`)),
      });
    }
    expect((await findUserByEmail(EMAIL))?.disabled).toBe(false);
  });
});
