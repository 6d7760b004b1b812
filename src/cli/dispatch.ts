// Finding the command a shell line names and running it: usage, exit codes, and the one-line
// error an operator sees. The process plumbing (config, database, exit) is index.ts's, so
// tests can run a command in process against their own database.
import type { Readable, Writable } from 'node:stream';
import { ConfigError, loadConfig } from '../config';
import { backupCommands } from './backup.commands';
import { type CliCommand, CliError } from './command';
import { commenterListCommands } from './commenters.commands';
import { importCommands } from './imports.commands';
import { pageCommands } from './pages.commands';
import { privacyCommands } from './privacy.commands';
import { siteCommands } from './sites.commands';
import { tokenCommands } from './tokens.commands';
import { userCommands } from './users.commands';

const COMMANDS: Record<string, CliCommand> = {
  ...siteCommands,
  ...pageCommands,
  ...userCommands,
  ...tokenCommands,
  ...commenterListCommands,
  ...privacyCommands,
  ...importCommands,
  ...backupCommands,
};

export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

/** Opens the database for a command; the answer closes it again. */
export type OpenDatabase = (config: ReturnType<typeof loadConfig>) => Promise<() => Promise<void>>;

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name} ${command.usage}`);
  return `usage: npm run cli -- <command> [arguments]\n\ncommands:\n${lines.join('\n')}\n`;
}

/** Runs one command line; answers the exit code: 0 done, 1 refused or failed, 2 no such command. */
export async function runCli(argv: string[], io: CliIo, openDatabase: OpenDatabase): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr.write(name ? `unknown command "${name}"\n\n${usage()}` : usage());
    return 2;
  }
  try {
    const config = loadConfig();
    const close = await openDatabase(config);
    try {
      await command.run(args, { config, stdout: io.stdout, stdin: io.stdin, stderr: io.stderr });
    } finally {
      await close();
    }
    return 0;
  } catch (error) {
    const known = error instanceof CliError || error instanceof ConfigError;
    io.stderr.write(`parley: ${known ? (error as Error).message : `failed: ${(error as Error).message}`}\n`);
    return 1;
  }
}
