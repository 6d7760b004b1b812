// privacy:export and privacy:erase from the shell: JSON out, the erasure with --yes, the
// refusal off a terminal without it, and the confirmation typed on a (fake) terminal.
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { listPrivacyAudit } from '../../src/audit/audit.model';
import { runCli as dispatch } from '../../src/cli/dispatch';
import { CommentModel } from '../../src/comments/store/comment.model';
import { createEmailVault } from '../../src/privacy/emailVault';
import { TEST_EMAIL_KEY } from '../helpers/app';
import { runCli, runCliHere } from '../helpers/cli';
import { useTestDatabase } from '../helpers/db';
import { buildComment, buildSite } from '../helpers/factories';

const database = useTestDatabase();
const cli = (...args: string[]) => runCliHere(args);
const vault = createEmailVault(Buffer.from(TEST_EMAIL_KEY, 'base64'));
const EMAIL = 'charles.babbage@example.org';
const NAME = 'Charles Babbage';

const saved = process.env.EMAIL_KEY;
beforeAll(() => {
  process.env.EMAIL_KEY = TEST_EMAIL_KEY;
});
afterAll(() => {
  process.env.EMAIL_KEY = saved;
});

/** The command run with stdin as a terminal that types `typed`. */
async function onTerminal(args: string[], typed: string) {
  const stdin = Object.assign(Readable.from([typed]), { isTTY: true });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks: string[] = [];
  const errors: string[] = [];
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
  const code = await dispatch(args, { stdin, stdout, stderr }, async () => async () => {});
  stdout.end();
  stderr.end();
  await Promise.all([once(stdout, 'end'), once(stderr, 'end')]);
  return { code, stdout: chunks.join(''), stderr: errors.join('') };
}

async function authorsOf(ids: string[]) {
  const docs = await CommentModel.find({}).lean();
  return ids.map((id) => docs.find((doc) => String(doc._id) === id)?.author);
}

it('privacy:export prints the email’s comments as JSON, on every site or one, and audits as cli', async () => {
  const news = await buildSite({ id: 'news' });
  const blog = await buildSite({ id: 'blog' });
  const one = await buildComment(news, { email: EMAIL, author: NAME });
  const two = await buildComment(blog, { email: EMAIL, author: NAME });
  await buildComment(news, { email: 'other@example.org' });

  const all = await cli('privacy:export', EMAIL);
  expect(all.code).toBe(0);
  const data = JSON.parse(all.stdout);
  expect(data.emailHash).toBe(vault.hash(EMAIL));
  expect(data.comments.map((comment: { id: string }) => comment.id)).toEqual([one.id, two.id]);
  expect(data.comments[0]).toMatchObject({ name: NAME, email: EMAIL, site: 'news' });

  const onlyBlog = JSON.parse((await cli('privacy:export', EMAIL, '--site', 'blog')).stdout);
  expect(onlyBlog.comments.map((comment: { id: string }) => comment.id)).toEqual([two.id]);
  expect((await listPrivacyAudit()).map((entry) => [entry.userId, entry.site])).toEqual([
    ['cli', 'blog'],
    ['cli', '*'],
  ]);
});

it('refuses bad input with one line and exit code 1', async () => {
  await buildSite({ id: 'news' });
  expect(await cli('privacy:export', 'not-an-email')).toEqual({
    code: 1,
    stdout: '',
    stderr: 'parley: email: Not a valid email address.\n',
  });
  expect((await cli('privacy:export')).stderr).toMatch(/^parley: usage: privacy:export <email>/);
  expect((await cli('privacy:export', EMAIL, '--site', 'nope')).stderr).toBe(
    'parley: there is no site "nope"\n',
  );
  const noMode = await cli('privacy:erase', EMAIL, '--yes');
  expect(noMode.code).toBe(1);
  expect(noMode.stderr).toMatch(/--mode must be "anonymize" .* or "delete"/);
  expect((await cli('privacy:erase', EMAIL, '--mode', 'shred', '--yes')).code).toBe(1);
});

it('privacy:erase --yes anonymizes or deletes, on one site or every site', async () => {
  const news = await buildSite({ id: 'news' });
  const blog = await buildSite({ id: 'blog' });
  const onNews = await buildComment(news, { email: EMAIL, author: NAME });
  const onBlog = await buildComment(blog, { email: EMAIL, author: NAME });

  const anonymized = await cli('privacy:erase', EMAIL, '--mode', 'anonymize', '--site', 'blog', '--yes');
  expect(anonymized).toEqual({ code: 0, stdout: 'anonymized 1 of 1 comment(s)\n', stderr: '' });
  expect(await authorsOf([onNews.id, onBlog.id])).toEqual([NAME, '']);

  const deleted = await cli('privacy:erase', EMAIL, '--mode', 'delete', '--yes', '--json');
  expect(JSON.parse(deleted.stdout)).toMatchObject({ mode: 'delete', found: 1, deleted: 1, sites: ['news'] });
  expect(await authorsOf([onNews.id, onBlog.id])).toEqual([undefined, '']);
  expect((await listPrivacyAudit()).map((entry) => [entry.action, entry.site, entry.detail.mode])).toEqual([
    ['privacy_erase', '*', 'delete'],
    ['privacy_erase', 'blog', 'anonymize'],
  ]);
});

it('refuses to erase off a terminal without --yes, and changes nothing', async () => {
  const news = await buildSite({ id: 'news' });
  const comment = await buildComment(news, { email: EMAIL, author: NAME });
  const here = await cli('privacy:erase', EMAIL, '--mode', 'delete');
  expect(here).toEqual({
    code: 1,
    stdout: '',
    stderr: 'parley: privacy:erase cannot be undone: confirm it with --yes when not on a terminal\n',
  });
  // The real command, its stdin a pipe as in a script.
  const piped = runCli(database.name, ['privacy:erase', EMAIL, '--mode', 'delete'], 'yes\n');
  expect(piped.code).toBe(1);
  expect(piped.stderr).toContain('confirm it with --yes');
  expect(await authorsOf([comment.id])).toEqual([NAME]);
  expect(await listPrivacyAudit()).toEqual([]);
});

it('asks on a terminal: "yes" erases, anything else erases nothing', async () => {
  const news = await buildSite({ id: 'news' });
  const comment = await buildComment(news, { email: EMAIL, author: NAME });
  const declined = await onTerminal(['privacy:erase', EMAIL, '--mode', 'anonymize'], 'no\n');
  expect(declined.code).toBe(1);
  expect(declined.stdout).toBe(
    'Anonymize 1 comment(s) of this email on news? This cannot be undone. Type "yes" to go on: ',
  );
  expect(declined.stderr).toBe('parley: nothing was erased\n');
  expect(declined.stdout + declined.stderr).not.toContain(EMAIL);
  expect(await authorsOf([comment.id])).toEqual([NAME]);

  const confirmed = await onTerminal(['privacy:erase', EMAIL, '--mode', 'anonymize'], 'yes\n');
  expect(confirmed.code).toBe(0);
  expect(confirmed.stdout).toMatch(/Type "yes" to go on: anonymized 1 of 1 comment\(s\)\n$/);
  expect(await authorsOf([comment.id])).toEqual(['']);
});
