// `npm run cli -- <command> ...`: administration from the shell. Each command lives in
// its own module and is registered in COMMANDS; output goes to stdout, problems to stderr.
import mongoose from 'mongoose';
import { ConfigError, loadConfig } from '../config';
import { connectDatabase } from '../db/connection';
import { resolveDatabase } from '../db/resolve';
import { type CliCommand, CliError } from './command';
import { pageCommands } from './pages.commands';
import { siteCommands } from './sites.commands';
import { userCommands } from './users.commands';

const COMMANDS: Record<string, CliCommand> = { ...siteCommands, ...pageCommands, ...userCommands };

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name} ${command.usage}`);
  return `usage: npm run cli -- <command> [arguments]\n\ncommands:\n${lines.join('\n')}\n`;
}

async function run(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(name ? `unknown command "${name}"\n\n${usage()}` : usage());
    return 2;
  }
  const config = loadConfig();
  const database = await resolveDatabase(config, {
    onProgress: (message) => process.stderr.write(`${message}\n`),
  });
  await connectDatabase(database.uri);
  try {
    await command.run(args, { config, stdout: process.stdout, stdin: process.stdin });
    return 0;
  } finally {
    await mongoose.disconnect();
    await database.release();
  }
}

run(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    const known = error instanceof CliError || error instanceof ConfigError;
    process.stderr.write(
      `parley: ${known ? (error as Error).message : `failed: ${(error as Error).message}`}\n`,
    );
    process.exit(1);
  });
