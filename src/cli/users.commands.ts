// Moderator accounts from the shell. Email addresses are read from the command line but
// never echoed into an error message.
import type { Readable } from 'node:stream';
import { ROLES, type Role } from '../auth/access';
import { findUserByEmail, listUsers, type User } from '../auth/user.model';
import { addUser, setUserAccess } from '../auth/users';
import { AppError } from '../errors';
import { type CliCommand, CliError, parseCommandArgs } from './command';

async function readAll(stdin: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The password piped in, without the one line break `echo` or a file adds. */
async function readPassword(stdin: Readable): Promise<string> {
  return (await readAll(stdin)).replace(/\r?\n$/, '');
}

function describe(user: User) {
  return {
    id: user.id,
    role: user.role,
    sites: user.sites,
    allSites: user.allSites,
    disabled: user.disabled,
  };
}

function explain(error: unknown, what: string): never {
  if (error instanceof AppError) {
    const fields = Object.entries(error.fields ?? {}).map(([name, problem]) => `${name}: ${problem}`);
    throw new CliError(`${what}: ${fields.length > 0 ? fields.join('; ') : error.message}`);
  }
  throw error;
}

export async function findUserOrFail(email: string | undefined, usage: string): Promise<User> {
  if (!email) throw new CliError(`usage: ${usage}`);
  const user = await findUserByEmail(email);
  if (!user) throw new CliError('there is no user with this email');
  return user;
}

const usersAdd: CliCommand = {
  usage: `<email> --role ${ROLES.join('|')} [--site <id> ...] [--all-sites] --password-stdin`,
  async run(args, { stdin, stdout }) {
    const { values, positionals } = parseCommandArgs(args, {
      role: { type: 'string' },
      site: { type: 'string', multiple: true },
      'all-sites': { type: 'boolean' },
      'password-stdin': { type: 'boolean' },
    });
    const [email] = positionals;
    if (!email) throw new CliError(`usage: users:add ${usersAdd.usage}`);
    if (!values['password-stdin']) {
      throw new CliError('pass the password on stdin with --password-stdin (never as an argument)');
    }
    const password = await readPassword(stdin);
    try {
      const user = await addUser(
        {
          email,
          password,
          role: values.role as Role, // checked by addUser
          sites: values.site ?? [],
          allSites: values['all-sites'] === true,
        },
        new Date(),
      );
      stdout.write(`${JSON.stringify(describe(user), null, 2)}\n`);
    } catch (error) {
      explain(error, 'cannot add the user');
    }
  },
};

const usersList: CliCommand = {
  usage: '(one line per user: id, email, role, sites, state)',
  async run(_args, { stdout }) {
    for (const user of await listUsers()) {
      const sites = user.allSites ? '*' : user.sites.join(',');
      const state = user.disabled ? 'disabled' : 'active';
      stdout.write(`${[user.id, user.email, user.role, sites, state].join('\t')}\n`);
    }
  },
};

function accessCommand(disabled: boolean): CliCommand {
  const usage = '<email>';
  return {
    usage: disabled ? `${usage}   (also ends their sessions; their tokens stop working)` : usage,
    async run(args, { stdout }) {
      const user = await findUserOrFail(args[0], `users:${disabled ? 'disable' : 'enable'} ${usage}`);
      await setUserAccess(user.email, disabled);
      stdout.write(`user ${user.id} ${disabled ? 'disabled' : 'enabled'}\n`);
    },
  };
}

export const userCommands: Record<string, CliCommand> = {
  'users:add': usersAdd,
  'users:list': usersList,
  'users:disable': accessCommand(true),
  'users:enable': accessCommand(false),
};
