// blocks:* and trusts:*: the block and trust lists from the shell, with the API's checks, the
// audit (as `cli`) and the summary the post path reads; an email is never printed.
import mongoose from 'mongoose';
import { listListAudit } from '../../src/audit/audit.model';
import { createEmailVault } from '../../src/privacy/emailVault';
import { TEST_EMAIL_KEY } from '../helpers/app';
import { runCli, runCliHere } from '../helpers/cli';
import { useTestDatabase } from '../helpers/db';
import { buildSite } from '../helpers/factories';

const database = useTestDatabase();
const cli = (...args: string[]) => runCliHere(args);
const vault = createEmailVault(Buffer.from(TEST_EMAIL_KEY, 'base64'));
const summary = (site: string) =>
  mongoose.connection.collection('commenter_lists').findOne({ _id: site as never });

const saved = process.env.EMAIL_KEY;
beforeAll(() => {
  process.env.EMAIL_KEY = TEST_EMAIL_KEY;
});
afterAll(() => {
  process.env.EMAIL_KEY = saved;
});

describe('blocks:add, blocks:list, blocks:remove', () => {
  it('adds each kind, lists them, removes one, and audits every change as cli', async () => {
    await buildSite({ id: 'news' });
    const email = await cli(
      'blocks:add',
      '--site',
      'news',
      '--email',
      'Spam.King@example.org',
      '--note',
      'farm',
    );
    expect(email).toEqual({
      code: 0,
      stderr: '',
      stdout: expect.stringMatching(
        /^[0-9a-f]{24}\temail\tS•••@example\.org\tadded to the block list of news\n$/,
      ),
    });
    const ip = await cli(
      'blocks:add',
      '--site',
      'news',
      '--ip',
      '198.51.100.7',
      '--expires',
      '2099-01-01T00:00:00Z',
      '--json',
    );
    expect(JSON.parse(ip.stdout)).toMatchObject({
      kind: 'ip',
      value: '198.51.100.7',
      expiresAt: '2099-01-01T00:00:00.000Z',
      addedBy: { id: 'cli', name: 'command line' },
    });
    expect((await cli('blocks:add', '--site', 'news', '--cidr', '2001:db8::/32')).code).toBe(0);

    const listed = await cli('blocks:list', '--site', 'news');
    const rows = listed.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('\t').slice(1));
    expect(rows).toEqual([
      ['email', 'S•••@example.org', 'never expires', 'command line', 'farm'],
      ['ip', '198.51.100.7', 'until 2099-01-01T00:00:00.000Z', 'command line', ''],
      ['cidr', '2001:db8::/32', 'never expires', 'command line', ''],
    ]);
    expect(listed.stdout.toLowerCase()).not.toContain('spam.king');
    const stored = await summary('news');
    expect(stored?.blockedEmails).toEqual([{ value: vault.hash('spam.king@example.org'), until: null }]);

    const id = JSON.parse(ip.stdout).id as string;
    const removed = await cli('blocks:remove', id, '--site', 'news');
    expect(removed.stdout).toBe(`${id}\tip\t198.51.100.7\tremoved from the block list of news\n`);
    expect((await summary('news'))?.blockedIps).toEqual([]);
    expect(
      (await listListAudit('news')).map((entry) => [entry.userId, entry.action, entry.detail.value]),
    ).toEqual([
      ['cli', 'unblock', '198.51.100.7'],
      ['cli', 'block', '2001:db8::/32'],
      ['cli', 'block', '198.51.100.7'],
      ['cli', 'block', 'S•••@example.org'],
    ]);
  });

  it('refuses what the API refuses, in one line, with exit code 1', async () => {
    await buildSite({ id: 'news' });
    const cases: Array<[string[], RegExp]> = [
      [['blocks:add', '--site', 'news'], /email: Give one of/],
      [
        ['blocks:add', '--site', 'news', '--ip', '1.2.3.4', '--cidr', '10.0.0.0/8'],
        /ip: Give only one.*cidr: Give only one/,
      ],
      [['blocks:add', '--site', 'news', '--ip', '999.1.1.1'], /ip: Not an IPv4 or IPv6 address/],
      [['blocks:add', '--site', 'news', '--cidr', '10.0.0.0/99'], /cidr: Not a CIDR range/],
      [['blocks:add', '--site', 'news', '--email', 'nope'], /email: Not a valid email address/],
      [
        ['blocks:add', '--site', 'news', '--ip', '1.2.3.4', '--expires', '2001-01-01'],
        /expires: expiresAt must be in the future/,
      ],
      [['blocks:add', '--site', 'elsewhere', '--ip', '1.2.3.4'], /there is no site "elsewhere"/],
      [['blocks:add', '--ip', '1.2.3.4'], /usage: blocks:add/],
      [['trusts:add', '--site', 'news', '--ip', '1.2.3.4'], /Unknown option '--ip'/],
      [['blocks:remove', 'a'.repeat(24), '--site', 'news'], /This list has no entry with this id/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(...args);
      expect({ args, code: result.code, stdout: result.stdout }).toEqual({ args, code: 1, stdout: '' });
      expect(result.stderr).toMatch(message);
      expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    }
    await cli('blocks:add', '--site', 'news', '--ip', '1.2.3.4');
    expect((await cli('blocks:add', '--site', 'news', '--ip', '1.2.3.4')).stderr).toMatch(/already holds/);
  });
});

describe('trusts:add, trusts:list, trusts:remove', () => {
  it('trusts an email, lists it masked, and removes it', async () => {
    await buildSite({ id: 'news' });
    const added = await cli('trusts:add', '--site', 'news', '--email', 'regular@example.org', '--json');
    const entry = JSON.parse(added.stdout);
    expect(entry).toMatchObject({ list: 'trust', kind: 'email', value: 'r•••@example.org' });
    expect(JSON.parse((await cli('trusts:list', '--site', 'news', '--json')).stdout)).toEqual([entry]);
    expect((await cli('blocks:list', '--site', 'news')).stdout).toBe('');
    expect((await cli('trusts:remove', entry.id, '--site', 'news')).code).toBe(0);
    expect((await summary('news'))?.trustedEmails).toEqual([]);
  });

  it('runs as an operator would: npm run cli in a child process', async () => {
    await buildSite({ id: 'news' });
    const result = runCli(database.name, ['trusts:add', '--site', 'news', '--email', 'regular@example.org']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/\temail\tr•••@example\.org\tadded to the trust list of news\n$/);
    expect(result.code).toBe(0);
  });
});
