// `npm run cli -- sites:webhook:*`, run as the operator runs it (tsx, a real process).
import { listSiteWebhooks } from '../../src/sites/site.model';
import { runCli } from '../helpers/cli';
import { useTestDatabase } from '../helpers/db';
import { buildSite } from '../helpers/factories';

const database = useTestDatabase();

const cli = (...args: string[]) => runCli(database.name, args);

describe('npm run cli -- sites:webhook:*', () => {
  it('adds a webhook (printing a generated secret once), lists it without secrets, and removes it', async () => {
    await buildSite({ id: 'news' });
    const added = cli(
      'sites:webhook:add',
      'news',
      'https://hooks.news.example/parley',
      '--event',
      'comment.approved',
      '--event',
      'comment.spam',
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const printed = JSON.parse(added.stdout);
    const [stored] = await listSiteWebhooks('news');
    expect(stored).toEqual({
      id: printed.id,
      url: 'https://hooks.news.example/parley',
      secret: printed.secret,
      events: ['comment.approved', 'comment.spam'],
    });
    expect(printed.secret.length).toBeGreaterThanOrEqual(32);

    const chosen = cli(
      'sites:webhook:add',
      'news',
      'http://hooks2.news.example:8080/in',
      '--secret',
      'my-own-secret-of-16+chars',
    );
    expect(chosen.code).toBe(0);
    // A secret the operator chose is not printed back.
    expect(chosen.stdout).not.toContain('my-own-secret');
    expect(JSON.parse(chosen.stdout).events).toEqual([
      'comment.created',
      'comment.approved',
      'comment.spam',
      'comment.trashed',
    ]);

    const listed = cli('sites:webhook:list', 'news');
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain(printed.secret);
    expect(listed.stdout).not.toContain('my-own-secret');
    expect(JSON.parse(listed.stdout).map((webhook: { id: string }) => webhook.id)).toEqual([
      printed.id,
      JSON.parse(chosen.stdout).id,
    ]);

    const removed = cli('sites:webhook:remove', 'news', printed.id);
    expect(removed.code).toBe(0);
    expect((await listSiteWebhooks('news')).map((webhook) => webhook.url)).toEqual([
      'http://hooks2.news.example:8080/in',
    ]);
  });

  it('refuses a bad URL, an unknown event, a short secret, a missing site or webhook, in one line', async () => {
    await buildSite({ id: 'news' });
    const cases: Array<[string[], RegExp]> = [
      [['sites:webhook:add', 'news', 'ftp://files.example/x'], /url: must be an http\(s\) URL/],
      [['sites:webhook:add', 'news', 'https://ok.example/', '--event', 'comment.liked'], /events\.0: /],
      [
        ['sites:webhook:add', 'news', 'https://ok.example/', '--secret', 'short'],
        /secret: must be at least 16 characters/,
      ],
      [['sites:webhook:add', 'nowhere', 'https://ok.example/'], /there is no site "nowhere"/],
      [['sites:webhook:remove', 'news', 'wh_missing'], /site "news" has no webhook "wh_missing"/],
    ];
    for (const [args, message] of cases) {
      const result = cli(...args);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(await listSiteWebhooks('news')).toEqual([]);
  });

  it('refuses loopback, private, link-local and metadata addresses unless WEBHOOK_ALLOW_PRIVATE is set', async () => {
    await buildSite({ id: 'news' });
    for (const url of [
      'http://127.0.0.1:8080/in',
      'http://10.0.0.7/in',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]:8080/in',
      'http://[fd00:ec2::254]/',
      'http://localhost:3000/in',
    ]) {
      const result = cli('sites:webhook:add', 'news', url);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^parley: cannot add the webhook: url: .* not a public address/);
    }
    expect(await listSiteWebhooks('news')).toEqual([]);

    process.env.WEBHOOK_ALLOW_PRIVATE = 'true';
    try {
      expect(cli('sites:webhook:add', 'news', 'http://127.0.0.1:8080/in').code).toBe(0);
    } finally {
      delete process.env.WEBHOOK_ALLOW_PRIVATE;
    }
    expect((await listSiteWebhooks('news')).map((webhook) => webhook.url)).toEqual([
      'http://127.0.0.1:8080/in',
    ]);
  });
});
