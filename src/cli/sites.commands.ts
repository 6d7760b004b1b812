// Sites from the shell: adding and listing them, their settings, Akismet key and webhooks.
// Secrets (the Akismet key, webhook secrets) are never printed, except a webhook secret
// Parley generated, once.
import { randomBytes } from 'node:crypto';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { AppError } from '../errors';
import { checkWebhookUrl } from '../notify/webhookTarget';
import {
  addSiteWebhook,
  createSite,
  findSite,
  findSiteOverview,
  listSites,
  listSiteWebhooks,
  removeSiteWebhook,
  type SiteOverview,
  updateSite,
  updateSiteSetting,
} from '../sites/site.model';
import { newSiteSchema, newWebhookSchema, parseSettingValue, WEBHOOK_EVENTS } from '../sites/site.schema';
import {
  type CliCommand,
  CliError,
  expectPositionals,
  parseCommandArgs,
  writeJson,
  writeRows,
} from './command';

const sitesList: CliCommand = {
  usage: '[--json]   (one line per site: id, name, url, origins)',
  async run(args, { stdout }) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
    expectPositionals(positionals, 0, `sites:list ${sitesList.usage}`);
    const sites = await listSites();
    if (values.json) {
      writeJson(
        stdout,
        sites.map(({ id, name, url, allowedOrigins, createdAt }) => ({
          id,
          name,
          url,
          allowedOrigins,
          createdAt,
        })),
      );
      return;
    }
    writeRows(
      stdout,
      sites.map((site) => [site.id, site.name, site.url, site.allowedOrigins.join(',')]),
    );
  },
};

function shownValue(value: unknown): string {
  if (Array.isArray(value)) return value.length > 0 ? value.join(', ') : '(none)';
  return String(value);
}

/** Named field by field, so nothing added to a site later is printed by accident. */
function describeSite(site: SiteOverview) {
  const { id, name, url, allowedOrigins, createdAt, hasAkismetKey, settings, webhooks } = site;
  return { id, name, url, allowedOrigins, createdAt, hasAkismetKey, settings, webhooks };
}

function writeSiteOverview(stdout: Writable, site: SiteOverview): void {
  const lines = [
    `site ${site.id}: ${site.name}`,
    `url          ${site.url}`,
    `origins      ${site.allowedOrigins.join(', ')}`,
    `created      ${site.createdAt.toISOString()}`,
    `akismet key  ${site.hasAkismetKey ? "set (the site's own)" : 'unset (AKISMET_KEY is used, if set)'}`,
    'settings',
    ...Object.entries(site.settings).map(([name, value]) => `  ${name.padEnd(20)}${shownValue(value)}`),
    'webhooks',
    ...(site.webhooks.length > 0
      ? site.webhooks.map((webhook) => `  ${webhook.id}  ${webhook.url}  ${webhook.events.join(', ')}`)
      : ['  (none)']),
  ];
  stdout.write(`${lines.join('\n')}\n`);
}

const sitesShow: CliCommand = {
  usage: '<id> [--json]   (settings, origins, webhooks; the Akismet key only as set or unset)',
  async run(args, { stdout }) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
    const [id] = expectPositionals(positionals, 1, `sites:show ${sitesShow.usage}`) as [string];
    const site = await findSiteOverview(id);
    if (!site) throw new CliError(`there is no site "${id}"`);
    if (values.json) writeJson(stdout, describeSite(site));
    else writeSiteOverview(stdout, site);
  },
};

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
  async run(args, { stdout, config }) {
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
    // Internal addresses are refused at delivery anyway; saying so now spares a silent failure.
    if (!config.WEBHOOK_ALLOW_PRIVATE) {
      try {
        checkWebhookUrl(parsed.data.url);
      } catch (error) {
        throw new CliError(`cannot add the webhook: url: ${(error as Error).message}`);
      }
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
  'sites:list': sitesList,
  'sites:show': sitesShow,
  'sites:add': sitesAdd,
  'sites:set': sitesSet,
  'sites:akismet': sitesAkismet,
  'sites:webhook:add': sitesWebhookAdd,
  'sites:webhook:remove': sitesWebhookRemove,
  'sites:webhook:list': sitesWebhookList,
};
