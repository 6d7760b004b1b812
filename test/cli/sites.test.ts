import { addSiteWebhook, findSite, listSiteWebhooks, updateSite } from '../../src/sites/site.model';
import { runCli, runCliHere } from '../helpers/cli';
import { useTestDatabase } from '../helpers/db';
import { buildSite } from '../helpers/factories';

const database = useTestDatabase();

const cli = (...args: string[]) => runCli(database.name, args);

describe('npm run cli -- sites:*', () => {
  it('adds a site with its origins and default settings', async () => {
    const result = cli(
      'sites:add',
      'newssemi',
      '--name',
      'NewsSemi Conductor',
      '--url',
      'https://newssemi.example/',
      '--origin',
      'https://newssemi.example',
      '--origin',
      'https://www.newssemi.example/some/path',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const site = await findSite('newssemi');
    expect(site).toMatchObject({
      name: 'NewsSemi Conductor',
      allowedOrigins: ['https://newssemi.example', 'https://www.newssemi.example'],
      settings: { requireNameEmail: true, maxDepth: 5, moderation: 'all', perPage: 50 },
    });
  });

  it('refuses a bad id, a missing origin and a duplicate, in one line each', async () => {
    const bad = cli('sites:add', 'Bad Id!', '--name', 'x', '--url', 'https://x.example');
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/id: must be lowercase/);
    expect(bad.stderr).toMatch(/allowedOrigins/);

    expect(
      cli('sites:add', 'dup', '--name', 'x', '--url', 'https://x.example', '--origin', 'https://x.example')
        .code,
    ).toBe(0);
    const dup = cli(
      'sites:add',
      'dup',
      '--name',
      'x',
      '--url',
      'https://x.example',
      '--origin',
      'https://x.example',
    );
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/already exists/);
    expect(dup.stderr).not.toMatch(/\n\s+at /);
  });

  // In process: eight commands, each a few seconds of tsx start-up as a child process, did not
  // fit the 30 s a test has on a busy machine. The two tests above go through index.ts.
  it('changes settings with typed values and refuses invalid ones', async () => {
    const here = (...args: string[]) => runCliHere(args);
    await here(
      'sites:add',
      'blog',
      '--name',
      'Blog',
      '--url',
      'https://blog.example',
      '--origin',
      'https://blog.example',
    );
    expect((await here('sites:set', 'blog', 'maxDepth', '3')).code).toBe(0);
    expect((await here('sites:set', 'blog', 'requireNameEmail', 'false')).code).toBe(0);
    expect((await here('sites:set', 'blog', 'moderation', 'first-time')).code).toBe(0);
    expect((await here('sites:set', 'blog', 'blockedKeywords', 'casino, Viagra')).code).toBe(0);
    const site = await findSite('blog');
    expect(site?.settings).toMatchObject({
      maxDepth: 3,
      requireNameEmail: false,
      moderation: 'first-time',
      blockedKeywords: ['casino', 'viagra'],
    });

    const tooDeep = await here('sites:set', 'blog', 'maxDepth', '11');
    expect(tooDeep.code).toBe(1);
    expect(tooDeep.stderr).toMatch(/maxDepth/);
    const unknown = await here('sites:set', 'blog', 'colour', 'blue');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown setting "colour"/);
    expect((await here('sites:set', 'nope', 'maxDepth', '3')).stderr).toMatch(/no site "nope"/);
    expect((await findSite('blog'))?.settings.maxDepth).toBe(3);
  });
});

describe('npm run cli -- sites:list and sites:show', () => {
  const AKISMET_KEY = 'abcdef123456';
  const WEBHOOK_SECRET = 'a-webhook-secret-of-some-length';

  async function buildSites() {
    await buildSite({ id: 'sport' });
    await buildSite({
      id: 'news',
      allowedOrigins: ['https://news.example', 'https://www.news.example'],
      settings: { moderation: 'first-time', blockedKeywords: ['casino', 'viagra'] },
    });
    await updateSite('news', { akismetKey: AKISMET_KEY });
    await addSiteWebhook('news', {
      url: 'https://hooks.news.example/parley',
      secret: WEBHOOK_SECRET,
      events: ['comment.approved', 'comment.spam'],
    });
    return (await listSiteWebhooks('news'))[0]?.id as string;
  }

  it('lists the sites, one tab-separated line each or as JSON', async () => {
    await buildSites();

    const plain = await runCliHere(['sites:list']);
    expect(plain).toEqual({
      code: 0,
      stderr: '',
      stdout:
        'news\tNewsSemi Conductor\thttps://news.example/\thttps://news.example,https://www.news.example\n' +
        'sport\tNewsSemi Conductor\thttps://news.example/\thttps://news.example\n',
    });

    const json = await runCliHere(['sites:list', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([
      {
        id: 'news',
        name: 'NewsSemi Conductor',
        url: 'https://news.example/',
        allowedOrigins: ['https://news.example', 'https://www.news.example'],
        createdAt: '2026-01-01T00:00:00.000Z',
      },
      {
        id: 'sport',
        name: 'NewsSemi Conductor',
        url: 'https://news.example/',
        allowedOrigins: ['https://news.example'],
        createdAt: '2026-01-01T00:00:00.000Z',
      },
    ]);
    for (const output of [plain.stdout, json.stdout]) expect(output).not.toContain(AKISMET_KEY);
  });

  it('answers an empty list with nothing, or [] as JSON', async () => {
    expect(await runCliHere(['sites:list'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(JSON.parse((await runCliHere(['sites:list', '--json'])).stdout)).toEqual([]);
  });

  it("shows a site's settings, origins and webhooks, and its Akismet key only as set, never a secret", async () => {
    const webhookId = await buildSites();

    const plain = await runCliHere(['sites:show', 'news']);
    expect(plain.code).toBe(0);
    expect(plain.stderr).toBe('');
    expect(plain.stdout).toBe(
      [
        'site news: NewsSemi Conductor',
        'url          https://news.example/',
        'origins      https://news.example, https://www.news.example',
        'created      2026-01-01T00:00:00.000Z',
        "akismet key  set (the site's own)",
        'settings',
        '  requireNameEmail    true',
        '  maxDepth            5',
        '  closeAfterDays      0',
        '  moderation          first-time',
        '  maxLinks            2',
        '  moderationKeywords  (none)',
        '  blockedKeywords     casino, viagra',
        '  perPage             50',
        '  gravatar            false',
        '  reportsToHold       3',
        '  editWindowMinutes   10',
        'webhooks',
        `  ${webhookId}  https://hooks.news.example/parley  comment.approved, comment.spam`,
        '',
      ].join('\n'),
    );

    const json = await runCliHere(['sites:show', 'news', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      id: 'news',
      name: 'NewsSemi Conductor',
      url: 'https://news.example/',
      allowedOrigins: ['https://news.example', 'https://www.news.example'],
      createdAt: '2026-01-01T00:00:00.000Z',
      hasAkismetKey: true,
      settings: {
        requireNameEmail: true,
        maxDepth: 5,
        closeAfterDays: 0,
        moderation: 'first-time',
        maxLinks: 2,
        moderationKeywords: [],
        blockedKeywords: ['casino', 'viagra'],
        perPage: 50,
        gravatar: false,
        reportsToHold: 3,
        editWindowMinutes: 10,
      },
      webhooks: [
        {
          id: webhookId,
          url: 'https://hooks.news.example/parley',
          events: ['comment.approved', 'comment.spam'],
        },
      ],
    });
    for (const output of [plain.stdout, json.stdout]) {
      expect(output).not.toContain(AKISMET_KEY);
      expect(output).not.toContain(WEBHOOK_SECRET);
    }

    const bare = await runCliHere(['sites:show', 'sport']);
    expect(bare.stdout).toContain('akismet key  unset (AKISMET_KEY is used, if set)\n');
    expect(bare.stdout).toMatch(/\nwebhooks\n {2}\(none\)\n$/);
    expect(JSON.parse((await runCliHere(['sites:show', 'sport', '--json'])).stdout)).toMatchObject({
      hasAkismetKey: false,
      webhooks: [],
    });
  });

  it('refuses an unknown site, a missing id and an unknown option on stderr, with exit code 1', async () => {
    await buildSites();
    const cases: Array<[string[], string]> = [
      [['sites:show', 'weather'], 'parley: there is no site "weather"\n'],
      [['sites:show', 'weather', '--json'], 'parley: there is no site "weather"\n'],
      [['sites:show'], expect.stringMatching(/^parley: usage: sites:show <id> \[--json\]/)],
      [['sites:show', 'news', 'sport'], expect.stringMatching(/^parley: usage: sites:show/)],
      [['sites:list', 'news'], expect.stringMatching(/^parley: usage: sites:list/)],
      [['sites:list', '--all'], expect.stringMatching(/^parley: Unknown option '--all'/)],
    ];
    for (const [args, stderr] of cases) {
      expect(await runCliHere(args)).toEqual({ code: 1, stdout: '', stderr });
    }
  });
});
