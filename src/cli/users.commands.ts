// Moderator accounts from the shell. Email addresses are read from the command line but
// never echoed into an error message; `users:list` prints them, as the accounts' logins.
import type { Readable } from 'node:stream';
import { ROLES, type Role } from '../auth/access';
import { findUserByEmail, listUsers, type User } from '../auth/user.model';
import { addUser, changeUserPassword, renameUser, setUserAccess } from '../auth/users';
import { AppError } from '../errors';
import {
  type CliCommand,
  CliError,
  expectPositionals,
  parseCommandArgs,
  writeJson,
  writeRows,
} from './command';

async function readAll(stdin: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The password piped in, without the one line break `echo` or a file adds. */
async function readPassword(stdin: Readable, isAsked: boolean | undefined): Promise<string> {
  if (!isAsked) throw new CliError('pass the password on stdin with --password-stdin (never as an argument)');
  return (await readAll(stdin)).replace(/\r?\n$/, '');
}

/** One user, as the single-user commands answer with --json (the operator typed the email). */
function describe(user: User) {
  return {
    id: user.id,
    name: user.name,
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

/** A user that was there a moment ago and is not now (deleted by hand in between). */
function stillThere<T>(result: T | undefined): T {
  if (result === undefined) throw new CliError('there is no user with this email');
  return result;
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
    const password = await readPassword(stdin, values['password-stdin']);
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
      writeJson(stdout, describe(user));
    } catch (error) {
      explain(error, 'cannot add the user');
    }
  },
};

const usersList: CliCommand = {
  usage: '[--json]   (one line per user: id, email, name, role, sites, state)',
  async run(args, { stdout }) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
    expectPositionals(positionals, 0, `users:list ${usersList.usage}`);
    const users = await listUsers();
    if (values.json) {
      writeJson(
        stdout,
        users.map((user) => {
          const { id, ...rest } = describe(user);
          return { id, email: user.email, ...rest, createdAt: user.createdAt };
        }),
      );
      return;
    }
    writeRows(
      stdout,
      users.map((user) => [
        user.id,
        user.email,
        user.name ?? '-',
        user.role,
        user.allSites ? '*' : user.sites.join(','),
        user.disabled ? 'disabled' : 'active',
      ]),
    );
  },
};

const usersPasswd: CliCommand = {
  usage: '<email> --password-stdin [--json]   (ends their sessions; their API tokens stay)',
  async run(args, { stdin, stdout }) {
    const { values, positionals } = parseCommandArgs(args, {
      'password-stdin': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const usage = `users:passwd ${usersPasswd.usage}`;
    const [email] = expectPositionals(positionals, 1, usage);
    const user = await findUserOrFail(email, usage);
    const password = await readPassword(stdin, values['password-stdin']);
    let changed: Awaited<ReturnType<typeof changeUserPassword>>;
    try {
      changed = stillThere(await changeUserPassword(user.id, password));
    } catch (error) {
      explain(error, 'cannot change the password');
    }
    if (values.json) writeJson(stdout, { ...describe(changed.user), sessionsEnded: changed.sessionsEnded });
    else stdout.write(`password of user ${user.id} changed; ${changed.sessionsEnded} session(s) ended\n`);
  },
};

function accessCommand(disabled: boolean): CliCommand {
  const name = `users:${disabled ? 'disable' : 'enable'}`;
  const usage = disabled
    ? '<email> [--json]   (ends their sessions; their API tokens are refused until users:enable)'
    : '<email> [--json]   (they log in again; their API tokens work again)';
  return {
    usage,
    async run(args, { stdout }) {
      const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
      const [email] = expectPositionals(positionals, 1, `${name} ${usage}`);
      const user = await findUserOrFail(email, `${name} ${usage}`);
      const changed = stillThere(await setUserAccess(user.id, disabled));
      if (values.json) writeJson(stdout, { ...describe(changed.user), sessionsEnded: changed.sessionsEnded });
      else stdout.write(`user ${user.id} ${disabled ? 'disabled' : 'enabled'}\n`);
    },
  };
}

const usersSet: CliCommand = {
  usage: '<email> --name <display name> [--json]   (--name "" removes it)',
  async run(args, { stdout }) {
    const { values, positionals } = parseCommandArgs(args, {
      name: { type: 'string' },
      json: { type: 'boolean' },
    });
    const usage = `users:set ${usersSet.usage}`;
    const [email] = expectPositionals(positionals, 1, usage);
    if (values.name === undefined) throw new CliError(`usage: ${usage}`);
    const user = await findUserOrFail(email, usage);
    let renamed: User;
    try {
      renamed = stillThere(await renameUser(user.id, values.name));
    } catch (error) {
      explain(error, 'cannot set the name');
    }
    if (values.json) writeJson(stdout, describe(renamed));
    else
      stdout.write(
        renamed.name === null
          ? `user ${user.id} has no display name now\n`
          : `user ${user.id} is now named ${JSON.stringify(renamed.name)}\n`,
      );
  },
};

export const userCommands: Record<string, CliCommand> = {
  'users:add': usersAdd,
  'users:list': usersList,
  'users:passwd': usersPasswd,
  'users:disable': accessCommand(true),
  'users:enable': accessCommand(false),
  'users:set': usersSet,
};
