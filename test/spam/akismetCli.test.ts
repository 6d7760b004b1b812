// `npm run cli -- sites:akismet <id> <key>|--clear`: a site's own Akismet key.
import { PassThrough, Writable } from 'node:stream';
import { CliError } from '../../src/cli/command';
import { siteCommands } from '../../src/cli/sites.commands';
import { findSite, findSiteWithAkismetKey } from '../../src/sites/site.model';
import { testConfig } from '../helpers/app';
import { useTestDatabase } from '../helpers/db';
import { buildSite } from '../helpers/factories';

useTestDatabase();

async function run(args: string[]): Promise<string> {
  let output = '';
  const stdout = new Writable({
    write(chunk, _encoding, callback) {
      output += chunk.toString();
      callback();
    },
  });
  const command = siteCommands['sites:akismet'];
  if (!command) throw new Error('sites:akismet is not registered');
  await command.run(args, { config: testConfig(), stdout, stdin: new PassThrough() });
  return output;
}

describe('sites:akismet', () => {
  it('sets a key that only the spam check reads, and never prints it', async () => {
    const site = await buildSite();
    const output = await run([site.id, 'abc123def456']);
    expect(output).toMatch(/own Akismet key/);
    expect(output).not.toContain('abc123def456');
    expect((await findSiteWithAkismetKey(site.id))?.akismetKey).toBe('abc123def456');
    expect(await findSite(site.id)).not.toHaveProperty('akismetKey');
  });

  it('clears the key with --clear', async () => {
    const site = await buildSite();
    await run([site.id, 'abc123def456']);
    expect(await run([site.id, '--clear'])).toMatch(/global AKISMET_KEY/);
    expect(await findSiteWithAkismetKey(site.id)).not.toHaveProperty('akismetKey');
  });

  it('refuses a malformed key, an unknown site and missing arguments', async () => {
    const site = await buildSite();
    await expect(run([site.id, 'not a key!'])).rejects.toThrow(CliError);
    await expect(run(['no-such-site', 'abc123'])).rejects.toThrow(/there is no site "no-such-site"/);
    await expect(run([site.id])).rejects.toThrow(/usage: sites:akismet/);
    expect(await findSiteWithAkismetKey(site.id)).not.toHaveProperty('akismetKey');
  });
});
