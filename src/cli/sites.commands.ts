import { parseArgs } from 'node:util';
import { AppError } from '../errors';
import { createSite, findSite, updateSiteSetting } from '../sites/site.model';
import { newSiteSchema, parseSettingValue } from '../sites/site.schema';
import { type CliCommand, CliError } from './command';

const sitesAdd: CliCommand = {
  usage: '<id> --name <name> --url <url> --origin <origin> [--origin <origin> ...]',
  async run(args, { stdout }) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        url: { type: 'string' },
        origin: { type: 'string', multiple: true },
      },
    });
    const candidate = {
      id: positionals[0],
      name: values.name,
      url: values.url,
      allowedOrigins: values.origin ?? [],
    };
    const parsed = newSiteSchema.safeParse(candidate);
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || 'site'}: ${issue.message}`,
      );
      throw new CliError(`cannot add the site: ${problems.join('; ')}`);
    }
    try {
      const site = await createSite(parsed.data, new Date());
      stdout.write(`${JSON.stringify(site, null, 2)}\n`);
    } catch (error) {
      if (error instanceof AppError) throw new CliError(error.message);
      throw error;
    }
  },
};

const sitesSet: CliCommand = {
  usage: '<id> <setting> <value>   (lists take comma-separated words)',
  async run(args, { stdout }) {
    const [id, name, raw] = args;
    if (!id || !name || raw === undefined) throw new CliError(`usage: sites:set ${sitesSet.usage}`);
    if (!(await findSite(id))) throw new CliError(`there is no site "${id}"`);
    let setting: ReturnType<typeof parseSettingValue>;
    try {
      setting = parseSettingValue(name, raw);
    } catch (error) {
      throw new CliError((error as Error).message);
    }
    const site = await updateSiteSetting(id, setting.name, setting.value);
    stdout.write(`${JSON.stringify(site?.settings, null, 2)}\n`);
  },
};

export const siteCommands: Record<string, CliCommand> = { 'sites:add': sitesAdd, 'sites:set': sitesSet };
