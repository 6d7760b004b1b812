import { findSite } from '../../src/sites/site.model';
import { runCli } from '../helpers/cli';
import { useTestDatabase } from '../helpers/db';

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

  it('changes settings with typed values and refuses invalid ones', async () => {
    cli(
      'sites:add',
      'blog',
      '--name',
      'Blog',
      '--url',
      'https://blog.example',
      '--origin',
      'https://blog.example',
    );
    expect(cli('sites:set', 'blog', 'maxDepth', '3').code).toBe(0);
    expect(cli('sites:set', 'blog', 'requireNameEmail', 'false').code).toBe(0);
    expect(cli('sites:set', 'blog', 'moderation', 'first-time').code).toBe(0);
    expect(cli('sites:set', 'blog', 'blockedKeywords', 'casino, Viagra').code).toBe(0);
    const site = await findSite('blog');
    expect(site?.settings).toMatchObject({
      maxDepth: 3,
      requireNameEmail: false,
      moderation: 'first-time',
      blockedKeywords: ['casino', 'viagra'],
    });

    const tooDeep = cli('sites:set', 'blog', 'maxDepth', '11');
    expect(tooDeep.code).toBe(1);
    expect(tooDeep.stderr).toMatch(/maxDepth/);
    const unknown = cli('sites:set', 'blog', 'colour', 'blue');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown setting "colour"/);
    expect(cli('sites:set', 'nope', 'maxDepth', '3').stderr).toMatch(/no site "nope"/);
    expect((await findSite('blog'))?.settings.maxDepth).toBe(3);
  });
});
