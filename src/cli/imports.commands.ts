// Moving in: `import:wordpress` and `import:disqus` read an export file into an existing site
// (src/imports/). A progress bar on a terminal, then a summary; a malformed file stops with
// its line and column, after what came before it was stored.
import { statSync } from 'node:fs';
import type { ImportSource } from '../imports/items';
import { createImportProgress, formatSummary } from '../imports/report';
import { ImportStoppedError, importFile } from '../imports/run';
import { ImportFileError } from '../imports/xmlStream';
import { createLogger } from '../logger';
import { loadEmailKey } from '../privacy/emailKey';
import { createEmailVault } from '../privacy/emailVault';
import { findSite } from '../sites/site.model';
import { type CliCommand, CliError, expectPositionals, parseCommandArgs } from './command';

function fileSize(file: string): number {
  try {
    const stat = statSync(file);
    if (stat.isFile()) return stat.size;
  } catch {
    // Said below, in the operator's words.
  }
  throw new CliError(`${file}: no such file`);
}

function importCommand(source: ImportSource, name: string): CliCommand {
  const usage = '<file.xml> --site <id>';
  return {
    usage: `${usage}   (imports a ${name} export; running it again adds only what is new)`,
    async run(args, { config, stdout, stderr }) {
      const { values, positionals } = parseCommandArgs(args, { site: { type: 'string' } });
      const [file] = expectPositionals(positionals, 1, `import:${source} ${usage}`) as [string];
      const site = values.site;
      if (site === undefined || site.trim() === '') throw new CliError(`usage: import:${source} ${usage}`);
      if (!(await findSite(site))) throw new CliError(`there is no site "${site}"`);
      const size = fileSize(file);
      const vault = createEmailVault(loadEmailKey(config, createLogger({ level: 'silent' })));
      const progress = createImportProgress(stderr, size);
      try {
        const summary = await importFile({
          file,
          site,
          source,
          vault,
          now: new Date(),
          onProgress: (bytes, items) => progress.update(bytes, items),
        });
        progress.stop();
        stdout.write(formatSummary(summary, site));
      } catch (error) {
        progress.stop();
        if (!(error instanceof ImportStoppedError)) throw error;
        stdout.write(formatSummary(error.summary, site));
        const what =
          error.cause instanceof ImportFileError ? error.cause.message : `failed: ${error.cause.message}`;
        throw new CliError(`${file}: ${what}`);
      }
    },
  };
}

export const importCommands: Record<string, CliCommand> = {
  'import:wordpress': importCommand('wordpress', 'WordPress (WXR)'),
  'import:disqus': importCommand('disqus', 'Disqus'),
};
