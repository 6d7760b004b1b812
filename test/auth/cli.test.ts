// The user and token commands, run as `npm run cli` runs them: tsx on src/cli/index.ts,
// in a child process, against this test file's database.
import request from 'supertest';
import { findUserByEmail, UserModel } from '../../src/auth/user.model';
import { buildTestApp } from '../helpers/app';
import { runCli } from '../helpers/cli';
import { useTestDatabase } from '../helpers/db';
import { buildSite } from '../helpers/factories';
import { buildUser, logIn, PASSWORD } from './helpers';

const database = useTestDatabase();
const EMAIL = 'Linus.Moderator@example.org';

jest.setTimeout(60_000);

const cli = async (args: string[], stdin = '') => runCli(database.name, args, stdin);

const NO_STACK = /^\s+at |Error:|\.ts:\d+/m;

describe('users:add', () => {
  it('adds a moderator with the password from stdin, who can then log in', async () => {
    await buildSite({ id: 'news' });
    await buildSite({ id: 'sport' });

    const result = await cli(
      ['users:add', EMAIL, '--role', 'moderator', '--site', 'news', '--site', 'sport', '--password-stdin'],
      `${PASSWORD}\n`,
    );

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.toLowerCase()).not.toContain('linus');
    const stored = await UserModel.findOne().select('+passwordHash').lean();
    expect(stored).toMatchObject({
      email: 'linus.moderator@example.org',
      role: 'moderator',
      sites: ['news', 'sport'],
      allSites: false,
      disabled: false,
    });
    expect(stored?.passwordHash).toMatch(/^scrypt\$N=\d+,r=\d+,p=\d+\$[^$]+\$[^$]+$/);
    expect(stored?.passwordHash).not.toContain(PASSWORD);
    expect(JSON.parse(result.stdout)).toEqual({
      id: stored?._id,
      name: null,
      role: 'moderator',
      sites: ['news', 'sport'],
      allSites: false,
      disabled: false,
    });

    // The trailing newline from stdin is not part of the password.
    const { app } = buildTestApp();
    await request(app).post('/api/v1/auth/login').send({ email: EMAIL, password: PASSWORD }).expect(200);
  });

  it('adds an admin, who has every site', async () => {
    const result = await cli(
      ['users:add', 'root@example.org', '--role', 'admin', '--password-stdin'],
      PASSWORD,
    );
    expect(result.code).toBe(0);
    expect(await findUserByEmail('root@example.org')).toMatchObject({
      role: 'admin',
      allSites: true,
      sites: [],
    });
  });

  it('refuses a duplicate email clearly, without a stack trace or the address', async () => {
    await buildUser({ email: EMAIL.toLowerCase() });
    const result = await cli(
      ['users:add', EMAIL.toUpperCase(), '--role', 'moderator', '--all-sites', '--password-stdin'],
      PASSWORD,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('parley: cannot add the user: A user with this email already exists.\n');
    expect(result.stderr).not.toMatch(NO_STACK);
    expect(await UserModel.countDocuments()).toBe(1);
  });

  it('refuses a short password, an unknown site, a missing role, and a password not given on stdin', async () => {
    await buildSite({ id: 'news' });
    const cases: Array<[string[], string, RegExp]> = [
      [
        ['--role', 'moderator', '--site', 'news', '--password-stdin'],
        'too short\n',
        /at least 12 characters/,
      ],
      [
        ['--role', 'moderator', '--site', 'weather', '--password-stdin'],
        PASSWORD,
        /there is no site "weather"/,
      ],
      [['--site', 'news', '--password-stdin'], PASSWORD, /role: must be admin or moderator/],
      [['--role', 'moderator', '--site', 'news'], PASSWORD, /--password-stdin/],
      [
        ['--role', 'moderator', '--password-stdin'],
        PASSWORD,
        /needs at least one site, or access to all sites/,
      ],
    ];
    for (const [args, stdin, message] of cases) {
      const result = await cli(['users:add', EMAIL, ...args], stdin);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(NO_STACK);
      expect(result.stdout).toBe('');
    }
    expect(await UserModel.countDocuments()).toBe(0);
  });
});

describe('tokens:create', () => {
  it('prints only the token, and that token works as a Bearer on /api/v1/auth/me', async () => {
    const user = await buildUser({ email: EMAIL.toLowerCase() });

    const result = await cli(['tokens:create', EMAIL, '--name', 'backup script']);

    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^pt_[A-Za-z0-9_-]{43}\n$/);
    const { app } = buildTestApp();
    const me = await request(app)
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${result.stdout.trim()}`)
      .expect(200);
    expect(me.body.user.id).toBe(user.id);
    const session = await logIn(app, EMAIL);
    const tokens = await request(app).get('/api/v1/auth/tokens').set('Cookie', session.cookie).expect(200);
    expect(tokens.body.tokens).toEqual([expect.objectContaining({ name: 'backup script' })]);
  });

  it('refuses an unknown email without naming it', async () => {
    const result = await cli(['tokens:create', 'ghost@example.org']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('parley: there is no user with this email\n');
    expect(result.stdout).toBe('');
  });
});

describe('users:list and users:disable', () => {
  it('lists users, and a disabled user can no longer log in', async () => {
    await buildSite({ id: 'news' });
    const moderator = await buildUser({ email: EMAIL.toLowerCase(), sites: ['news'] });
    const admin = await buildUser({ email: 'root@example.org', role: 'admin' });
    const { app } = buildTestApp();
    const session = await logIn(app, EMAIL);

    const listed = await cli(['users:list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toBe(
      `${moderator.id}\tlinus.moderator@example.org\t-\tmoderator\tnews\tactive\n` +
        `${admin.id}\troot@example.org\t-\tadmin\t*\tactive\n`,
    );

    const disabled = await cli(['users:disable', EMAIL]);
    expect(disabled.code).toBe(0);
    expect(disabled.stdout).toBe(`user ${moderator.id} disabled\n`);
    await request(app).get('/api/v1/auth/me').set('Cookie', session.cookie).expect(401);
    await request(app).post('/api/v1/auth/login').send({ email: EMAIL, password: PASSWORD }).expect(401);

    expect((await cli(['users:enable', EMAIL])).code).toBe(0);
    await request(app).post('/api/v1/auth/login').send({ email: EMAIL, password: PASSWORD }).expect(200);
  });
});
