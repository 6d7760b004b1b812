import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { AppError } from '../errors';
import {
  addSiteWebhook,
  createSite,
  findSite,
  listSiteWebhooks,
  removeSiteWebhook,
  updateSite,
  updateSiteSetting,
} from '../sites/site.model';
import { newSiteSchema, newWebhookSchema, parseSettingValue, WEBHOOK_EVENTS } from '../sites/site.schema';
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

// A site's own Akismet key, used instead of AKISMET_KEY. It is never printed back.
const sitesAkismet: CliCommand = {
  usage: '<id> <akismet-key> | <id> --clear',
  async run(args, { stdout }) {
    const [id, value] = args;
    if (!id || !value || args.length > 2) throw new CliError(`usage: sites:akismet ${sitesAkismet.usage}`);
    const isClearing = value === '--clear';
    if (!isClearing && !/^[A-Za-z0-9]{1,64}$/.test(value)) {
      throw new CliError('an Akismet key is letters and digits only');
    }
    const site = await updateSite(id, { akismetKey: isClearing ? null : value });
    if (!site) throw new CliError(`there is no site "${id}"`);
    stdout.write(
      isClearing
        ? `site "${id}" now uses the global AKISMET_KEY, if one is set\n`
        : `site "${id}" now checks comments with its own Akismet key\n`,
    );
  },
};

// Webhooks: signed POSTs to the site's own systems when comments come, are approved, spam or trashed.
// A generated secret is printed once, for the receiver to verify X-Parley-Signature with.
const sitesWebhookAdd: CliCommand = {
  usage: `<id> <url> [--event <event> ...] [--secret <secret>]   (events: ${WEBHOOK_EVENTS.join(', ')}; default all)`,
  async run(args, { stdout }) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { event: { type: 'string', multiple: true }, secret: { type: 'string' } },
    });
    const [id, url] = positionals;
    if (!id || !url || positionals.length > 2)
      throw new CliError(`usage: sites:webhook:add ${sitesWebhookAdd.usage}`);
    const isSecretGenerated = values.secret === undefined;
    const parsed = newWebhookSchema.safeParse({
      url,
      secret: values.secret ?? randomBytes(24).toString('base64url'),
      events: values.event ?? [...WEBHOOK_EVENTS],
    });
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || 'webhook'}: ${issue.message}`,
      );
      throw new CliError(`cannot add the webhook: ${problems.join('; ')}`);
    }
    const webhook = await addSiteWebhook(id, parsed.data);
    if (!webhook) throw new CliError(`there is no site "${id}"`);
    const { secret, ...shown } = webhook;
    stdout.write(`${JSON.stringify(isSecretGenerated ? webhook : shown, null, 2)}\n`);
  },
};

const sitesWebhookRemove: CliCommand = {
  usage: '<id> <webhook-id>',
  async run(args, { stdout }) {
    const [id, webhookId] = args;
    if (!id || !webhookId || args.length > 2) {
      throw new CliError(`usage: sites:webhook:remove ${sitesWebhookRemove.usage}`);
    }
    if (!(await removeSiteWebhook(id, webhookId)))
      throw new CliError(`site "${id}" has no webhook "${webhookId}"`);
    stdout.write(`webhook ${webhookId} removed from site "${id}"\n`);
  },
};

const sitesWebhookList: CliCommand = {
  usage: '<id>   (secrets are not shown)',
  async run(args, { stdout }) {
    const [id] = args;
    if (!id || args.length > 1) throw new CliError(`usage: sites:webhook:list ${sitesWebhookList.usage}`);
    if (!(await findSite(id))) throw new CliError(`there is no site "${id}"`);
    const webhooks = (await listSiteWebhooks(id)).map(({ secret: _secret, ...shown }) => shown);
    stdout.write(`${JSON.stringify(webhooks, null, 2)}\n`);
  },
};

export const siteCommands: Record<string, CliCommand> = {
  'sites:add': sitesAdd,
  'sites:set': sitesSet,
  'sites:akismet': sitesAkismet,
  'sites:webhook:add': sitesWebhookAdd,
  'sites:webhook:remove': sitesWebhookRemove,
  'sites:webhook:list': sitesWebhookList,
};
