// Backups from the shell (src/backup/): `export` writes a site's NDJSON backup, `import:parley`
// restores one into an empty site, `export:wordpress` writes the comments as WXR. Without
// --out a backup goes to standard output; with it, to a file that appears only once whole.
import { open, rename, rm } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { writeBackup } from '../backup/export';
import { BackupError } from '../backup/output';
import { restoreBackup } from '../backup/restore';
import { writeWxr } from '../backup/wxr';
import { systemClock } from '../clock';
import type { Config } from '../config';
import { createLogger } from '../logger';
import { loadEmailKey } from '../privacy/emailKey';
import { createEmailVault } from '../privacy/emailVault';
import { siteIdSchema } from '../sites/site.schema';
import { type CliCommand, CliError, expectPositionals, parseCommandArgs } from './command';

function vaultFor(config: Config) {
  return createEmailVault(loadEmailKey(config, createLogger({ level: 'silent' })));
}

function siteOption(site: string | undefined, usage: string): string {
  if (site === undefined || site.trim() === '') throw new CliError(`usage: ${usage}`);
  return site;
}

/** A file system error (a string code such as ENOENT or ENOSPC) as one line; database errors have numbers. */
function fileError(error: unknown, file: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' ? new CliError(`cannot write ${file}: ${code}`) : error;
}

/** Runs `write` into the file `out` (through a temporary name) or into stdout. */
async function writeTo<T>(out: string | undefined, stdout: Writable, write: (to: Writable) => Promise<T>) {
  if (out === undefined) return write(stdout);
  const partial = `${out}.partial`;
  const handle = await open(partial, 'w').catch((error: unknown) => {
    throw fileError(error, out);
  });
  const file = handle.createWriteStream();
  // A failed write is reported by `finished` below (or the wait for 'drain'), not as a crash.
  file.on('error', () => {});
  try {
    const result = await write(file);
    file.end();
    await finished(file);
    await rename(partial, out);
    return result;
  } catch (error) {
    file.destroy();
    await rm(partial, { force: true });
    throw fileError(error, out);
  }
}

/** A BackupError as the one line an operator reads. */
async function orCliError<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof BackupError) throw new CliError(error.message);
    throw error;
  }
}

const EXPORT_USAGE = 'export --site <id> [--out <file>] [--include-emails] [--include-secrets]';

const exportSite: CliCommand = {
  usage: '--site <id> [--out <file>] [--include-emails] [--include-secrets]   (writes an NDJSON backup)',
  async run(args, { config, stdout }) {
    const { values, positionals } = parseCommandArgs(args, {
      site: { type: 'string' },
      out: { type: 'string' },
      'include-emails': { type: 'boolean', default: false },
      'include-secrets': { type: 'boolean', default: false },
    });
    expectPositionals(positionals, 0, EXPORT_USAGE);
    const site = siteOption(values.site, EXPORT_USAGE);
    const options = {
      includeEmails: values['include-emails'],
      includeSecrets: values['include-secrets'],
      vault: vaultFor(config),
      now: systemClock.now(),
    };
    const counts = await orCliError(() =>
      writeTo(values.out, stdout, (to) => writeBackup(site, to, options)),
    );
    if (values.out !== undefined) {
      stdout.write(
        `exported site ${site} to ${values.out}: ${counts.page} pages, ${counts.comment} comments, ` +
          `${counts.entry} list entries, ${counts.report} reports, ${counts.audit} audit entries` +
          `${options.includeEmails ? ' (with emails)' : ' (without emails)'}\n`,
      );
    }
  },
};

const IMPORT_USAGE = 'import:parley <file> --site <id>';

const importParley: CliCommand = {
  usage: '<file> --site <id>   (restores a backup into an empty site)',
  async run(args, { config, stdout }) {
    const { values, positionals } = parseCommandArgs(args, { site: { type: 'string' } });
    const [file] = expectPositionals(positionals, 1, IMPORT_USAGE) as [string];
    const site = siteOption(values.site, IMPORT_USAGE);
    const checked = siteIdSchema.safeParse(site);
    if (!checked.success)
      throw new CliError(`--site ${checked.error.issues[0]?.message ?? 'is not a site id'}`);
    const result = await orCliError(() =>
      restoreBackup(file, site, { vault: vaultFor(config), now: systemClock.now() }),
    );
    const { counts } = result;
    stdout.write(
      `${result.isResumed ? 'finished restoring' : 'restored'} site ${result.from} into ${site}: ${counts.page} pages, ${counts.comment} comments, ` +
        `${counts.entry} list entries, ${counts.report} reports, ${counts.audit} audit entries; ` +
        `${result.pages} threads rebuilt\n`,
    );
  },
};

const WXR_USAGE = 'export:wordpress --site <id> [--out <file>] [--include-emails]';

const exportWordpress: CliCommand = {
  usage: '--site <id> [--out <file>] [--include-emails]   (writes the comments as WordPress WXR)',
  async run(args, { config, stdout }) {
    const { values, positionals } = parseCommandArgs(args, {
      site: { type: 'string' },
      out: { type: 'string' },
      'include-emails': { type: 'boolean', default: false },
    });
    expectPositionals(positionals, 0, WXR_USAGE);
    const site = siteOption(values.site, WXR_USAGE);
    const options = {
      includeEmails: values['include-emails'],
      vault: vaultFor(config),
      now: systemClock.now(),
    };
    const written = await orCliError(() => writeTo(values.out, stdout, (to) => writeWxr(site, to, options)));
    if (values.out !== undefined) {
      stdout.write(
        `exported ${written.comments} comments on ${written.pages} pages of ${site} to ${values.out}\n`,
      );
    }
  },
};

export const backupCommands: Record<string, CliCommand> = {
  export: exportSite,
  'import:parley': importParley,
  'export:wordpress': exportWordpress,
};
