// Personal API tokens from the shell: making one for a user, listing and revoking any.
// A token is printed once, when it is made; its hash never.
import { type ApiToken, deleteApiToken, listAllApiTokens, listUserApiTokens } from '../auth/apiToken.model';
import { createApiToken } from '../auth/apiTokens';
import { findUserById, listUsers } from '../auth/user.model';
import {
  type CliCommand,
  CliError,
  expectPositionals,
  parseCommandArgs,
  writeJson,
  writeRows,
} from './command';
import { findUserOrFail } from './users.commands';

/** A token as the operator sees it: never the token or its hash. */
function describe(token: ApiToken, ownerEmail: string | null) {
  return {
    id: token.id,
    userId: token.userId,
    ownerEmail,
    name: token.name,
    createdAt: token.createdAt,
    lastUsedAt: token.lastUsedAt,
  };
}

async function ownerEmails(): Promise<Map<string, string>> {
  return new Map((await listUsers()).map((user) => [user.id, user.email]));
}

const tokensCreate: CliCommand = {
  usage: '<email> [--name <name>]   (prints only the token; it is shown this once)',
  async run(args, { stdout }) {
    const { values, positionals } = parseCommandArgs(args, { name: { type: 'string' } });
    const user = await findUserOrFail(positionals[0], `tokens:create ${tokensCreate.usage}`);
    if (user.disabled) throw new CliError('this user is disabled');
    const name = (values.name ?? 'cli').trim();
    if (name.length === 0 || name.length > 100) throw new CliError('--name must be 1 to 100 characters');
    const { token } = await createApiToken(user.id, name, new Date());
    stdout.write(`${token}\n`);
  },
};

const tokensList: CliCommand = {
  usage: '[<email>] [--json]   (one line per token: id, owner, name, created, last used)',
  async run(args, { stdout }) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
    if (positionals.length > 1) throw new CliError(`usage: tokens:list ${tokensList.usage}`);
    const owner =
      positionals[0] === undefined
        ? undefined
        : await findUserOrFail(positionals[0], `tokens:list ${tokensList.usage}`);
    const tokens = owner ? await listUserApiTokens(owner.id) : await listAllApiTokens();
    const emails = owner ? new Map([[owner.id, owner.email]]) : await ownerEmails();
    const described = tokens.map((token) => describe(token, emails.get(token.userId) ?? null));
    if (values.json) {
      writeJson(stdout, described);
      return;
    }
    writeRows(
      stdout,
      described.map((token) => [
        token.id,
        token.ownerEmail ?? '-',
        token.name,
        token.createdAt.toISOString(),
        token.lastUsedAt?.toISOString() ?? 'never',
      ]),
    );
  },
};

const tokensRevoke: CliCommand = {
  usage: '<id> [--json]   (the id tokens:list shows; the token stops working at once)',
  async run(args, { stdout }) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
    const [id] = expectPositionals(positionals, 1, `tokens:revoke ${tokensRevoke.usage}`) as [string];
    const revoked = await deleteApiToken(id);
    if (!revoked) throw new CliError(`there is no API token "${id}"`);
    const owner = await findUserById(revoked.userId);
    if (values.json) writeJson(stdout, describe(revoked, owner?.email ?? null));
    else stdout.write(`token ${revoked.id} (${JSON.stringify(revoked.name)}) revoked\n`);
  },
};

export const tokenCommands: Record<string, CliCommand> = {
  'tokens:create': tokensCreate,
  'tokens:list': tokensList,
  'tokens:revoke': tokensRevoke,
};
