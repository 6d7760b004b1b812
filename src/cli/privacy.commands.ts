// A commenter's data on request from the shell (src/privacy/): privacy:export prints
// everything one email wrote as JSON; privacy:erase anonymizes or deletes it, after a
// confirmation on a terminal (or --yes). Both are audited as `cli`, with the email's HMAC.
import type { Readable, Writable } from 'node:stream';
import { systemClock } from '../clock';
import type { Config } from '../config';
import { createLogger } from '../logger';
import { loadEmailKey } from '../privacy/emailKey';
import { createEmailVault } from '../privacy/emailVault';
import { presentCommenterData } from '../privacy/privacy.presenter';
import { emailSchema } from '../privacy/privacy.schema';
import {
  CLI_PRIVACY_ACTOR,
  createPrivacyRequests,
  ERASURE_MODES,
  type ErasureMode,
  type PrivacyRequest,
} from '../privacy/privacy.service';
import { findSite } from '../sites/site.model';
import { type CliCommand, CliError, expectPositionals, parseCommandArgs, writeJson } from './command';

const EXPORT_USAGE = '<email> [--site <id>]   (prints JSON)';
const ERASE_USAGE = '<email> --mode anonymize|delete [--site <id>] [--yes] [--json]';

function requestsFor(config: Config) {
  const log = createLogger({ level: 'silent' });
  const vault = createEmailVault(loadEmailKey(config, log));
  return createPrivacyRequests({ vault, clock: systemClock, log });
}

/** The request the command line names; the address itself is never echoed back. */
async function requestOf(email: string, site: string | undefined): Promise<PrivacyRequest> {
  const checked = emailSchema.safeParse(email);
  if (!checked.success) throw new CliError(`email: ${checked.error.issues[0]?.message ?? 'not valid'}`);
  if (site !== undefined && !(await findSite(site))) throw new CliError(`there is no site "${site}"`);
  return { email: checked.data, ...(site !== undefined && { sites: [site] }) };
}

/** One line typed at the terminal (up to Enter, or the end of input). */
async function readLine(stdin: Readable): Promise<string> {
  let line = '';
  for await (const chunk of stdin) {
    line += Buffer.from(chunk as Buffer).toString('utf8');
    const end = line.indexOf('\n');
    if (end >= 0) return line.slice(0, end);
  }
  return line;
}

async function confirm(
  stdin: Readable,
  stdout: Writable,
  what: { mode: ErasureMode; found: number; sites: string[] },
): Promise<void> {
  if (!(stdin as Readable & { isTTY?: boolean }).isTTY) {
    throw new CliError('privacy:erase cannot be undone: confirm it with --yes when not on a terminal');
  }
  const where = what.sites.length ? `on ${what.sites.join(', ')}` : 'anywhere';
  stdout.write(
    `${what.mode === 'anonymize' ? 'Anonymize' : 'Delete'} ${what.found} comment(s) of this email ${where}? ` +
      'This cannot be undone. Type "yes" to go on: ',
  );
  const answer = (await readLine(stdin)).trim().toLowerCase();
  if (answer !== 'yes' && answer !== 'y') throw new CliError('nothing was erased');
}

const exportCommand: CliCommand = {
  usage: EXPORT_USAGE,
  async run(args, { config, stdout }) {
    const { values, positionals } = parseCommandArgs(args, { site: { type: 'string' } });
    const [email] = expectPositionals(positionals, 1, `privacy:export ${EXPORT_USAGE}`);
    const request = await requestOf(email as string, values.site);
    const data = await requestsFor(config).exportData(CLI_PRIVACY_ACTOR, request);
    writeJson(stdout, presentCommenterData(data));
  },
};

const eraseCommand: CliCommand = {
  usage: ERASE_USAGE,
  async run(args, { config, stdout, stdin }) {
    const { values, positionals } = parseCommandArgs(args, {
      mode: { type: 'string' },
      site: { type: 'string' },
      yes: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const [email] = expectPositionals(positionals, 1, `privacy:erase ${ERASE_USAGE}`);
    const mode = values.mode as ErasureMode | undefined;
    if (!mode || !ERASURE_MODES.includes(mode)) {
      throw new CliError('--mode must be "anonymize" (keep the text) or "delete" (remove the comments)');
    }
    const request = await requestOf(email as string, values.site);
    const privacy = requestsFor(config);
    if (!values.yes) await confirm(stdin, stdout, { mode, ...(await privacy.preview(request)) });
    const result = await privacy.erase(CLI_PRIVACY_ACTOR, request, mode);
    if (values.json) return writeJson(stdout, result);
    const done =
      mode === 'anonymize'
        ? `anonymized ${result.anonymized}`
        : `deleted ${result.deleted}, kept ${result.placeholders} as placeholders for their replies`;
    const skipped = result.skipped ? `; ${result.skipped} changed meanwhile: run it again` : '';
    stdout.write(`${done} of ${result.found} comment(s)${skipped}\n`);
  },
};

export const privacyCommands: Record<string, CliCommand> = {
  'privacy:export': exportCommand,
  'privacy:erase': eraseCommand,
};
