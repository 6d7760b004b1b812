// Block and trust lists from the shell (src/commenters/): the same checks, audit (as `cli`) and
// summary rebuild as the moderation API. An email is hashed and masked; it is never printed.
import type { Writable } from 'node:stream';
import { systemClock } from '../clock';
import { presentEntry } from '../commenters/commenters.presenter';
import { addBlockRequest, addTrustRequest } from '../commenters/commenters.schema';
import { CLI_ACTOR, createCommenterListService } from '../commenters/commenters.service';
import type { Config } from '../config';
import { AppError } from '../errors';
import { fieldErrors } from '../http/validate';
import { createLogger } from '../logger';
import { loadEmailKey } from '../privacy/emailKey';
import { createEmailVault } from '../privacy/emailVault';
import type { CommenterList, ListEntry } from '../shared/commenterLists';
import { findSite } from '../sites/site.model';
import {
  type CliCommand,
  CliError,
  expectPositionals,
  parseCommandArgs,
  writeJson,
  writeRows,
} from './command';

function serviceFor(config: Config) {
  const vault = createEmailVault(loadEmailKey(config, createLogger({ level: 'silent' })));
  return createCommenterListService({ vault, clock: systemClock });
}

async function siteOrFail(site: string | undefined, usage: string): Promise<string> {
  if (site === undefined || site.trim() === '') throw new CliError(`usage: ${usage}`);
  if (!(await findSite(site))) throw new CliError(`there is no site "${site}"`);
  return site;
}

/** Field problems as one line, named by the options the operator typed. */
function describeFields(fields: Record<string, string>): string {
  const named = Object.entries(fields).map(
    ([field, message]) => `${field === 'expiresAt' ? 'expires' : field}: ${message}`,
  );
  return named.join('; ');
}

/** An AppError (a refusal the API would answer) as the one line an operator reads. */
async function orCliError<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    throw new CliError(error.fields ? describeFields(error.fields) : error.message);
  }
}

function writeEntries(stdout: Writable, entries: ListEntry[]): void {
  writeRows(
    stdout,
    entries.map((entry) => [
      entry.id,
      entry.kind,
      entry.value,
      entry.expiresAt ? `${entry.isExpired ? 'expired ' : 'until '}${entry.expiresAt}` : 'never expires',
      entry.addedBy.name,
      entry.note ?? '',
    ]),
  );
}

function commandsFor(list: CommenterList, name: string): Record<string, CliCommand> {
  const kinds = list === 'block' ? '--email <email> | --ip <address> | --cidr <range>' : '--email <email>';
  const addUsage = `--site <id> ${kinds} [--expires <ISO date>] [--note <text>] [--json]`;
  const listUsage = '--site <id> [--json]   (one line per entry: id, kind, value, expiry, added by, note)';
  const removeUsage = '<id> --site <id>   (the id the list shows)';
  const add: CliCommand = {
    usage: addUsage,
    async run(args, { config, stdout }) {
      const { values, positionals } = parseCommandArgs(args, {
        site: { type: 'string' },
        email: { type: 'string' },
        ...(list === 'block' && { ip: { type: 'string' }, cidr: { type: 'string' } }),
        expires: { type: 'string' },
        note: { type: 'string' },
        json: { type: 'boolean' },
      });
      expectPositionals(positionals, 0, `${name}:add ${addUsage}`);
      const site = await siteOrFail(values.site, `${name}:add ${addUsage}`);
      const { expires, site: _site, json: _json, ...kind } = values as Record<string, string | undefined>;
      const schema = (list === 'block' ? addBlockRequest : addTrustRequest).shape.body;
      const parsed = schema.safeParse({ ...kind, ...(expires !== undefined && { expiresAt: expires }) });
      if (!parsed.success) throw new CliError(describeFields(fieldErrors(parsed.error)));
      const entry = await orCliError(() => serviceFor(config).addEntry(CLI_ACTOR, site, list, parsed.data));
      const shown = presentEntry(entry, new Date());
      if (values.json) writeJson(stdout, shown);
      else stdout.write(`${shown.id}\t${shown.kind}\t${shown.value}\tadded to the ${list} list of ${site}\n`);
    },
  };
  const listCommand: CliCommand = {
    usage: listUsage,
    async run(args, { config, stdout }) {
      const { values, positionals } = parseCommandArgs(args, {
        site: { type: 'string' },
        json: { type: 'boolean' },
      });
      expectPositionals(positionals, 0, `${name}:list ${listUsage}`);
      const site = await siteOrFail(values.site, `${name}:list ${listUsage}`);
      const now = new Date();
      const entries = (await serviceFor(config).listSiteEntries(site, list)).map((entry) =>
        presentEntry(entry, now),
      );
      if (values.json) writeJson(stdout, entries);
      else writeEntries(stdout, entries);
    },
  };
  const remove: CliCommand = {
    usage: removeUsage,
    async run(args, { config, stdout }) {
      const { values, positionals } = parseCommandArgs(args, { site: { type: 'string' } });
      const [id] = expectPositionals(positionals, 1, `${name}:remove ${removeUsage}`) as [string];
      const site = await siteOrFail(values.site, `${name}:remove ${removeUsage}`);
      if (!/^[0-9a-f]{24}$/i.test(id))
        throw new CliError(`there is no entry "${id}" in the ${list} list of ${site}`);
      const entry = await orCliError(() =>
        serviceFor(config).removeEntry(CLI_ACTOR, site, list, id.toLowerCase()),
      );
      stdout.write(
        `${entry.id}\t${entry.kind}\t${entry.display}\tremoved from the ${list} list of ${site}\n`,
      );
    },
  };
  return { [`${name}:add`]: add, [`${name}:list`]: listCommand, [`${name}:remove`]: remove };
}

export const commenterListCommands: Record<string, CliCommand> = {
  ...commandsFor('block', 'blocks'),
  ...commandsFor('trust', 'trusts'),
};
