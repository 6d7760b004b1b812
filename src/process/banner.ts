// What `npm start` prints for a person at a terminal once Parley is ready: where to go, where
// the data lives, and, while there is no account yet, how to make the first one. Pure, so the
// text is tested as printed; src/main.ts decides when to print it.
import type { EmbeddedDatabase } from '../db/embedded';

export type BannerDatabase =
  /** Started by this process (src/db/embedded.ts). */
  | { source: 'embedded'; kind: EmbeddedDatabase['kind']; uri: string; dataDir: string }
  /** The embedded database another Parley process started, found in DATA_DIR/database.uri. */
  | { source: 'running'; uri: string }
  | { source: 'MONGODB_URI'; uri: string };

export interface BannerInput {
  /** PUBLIC_URL. */
  url: string;
  /** DATA_DIR, absolute. */
  dataDir: string;
  /** Whether DATA_DIR is the default, which `npm run cli` finds without being told. */
  isDefaultDataDir: boolean;
  database: BannerDatabase;
  hasUsers: boolean;
}

/** The first account, made as README.md's "Moderating" shows; the password comes on stdin. */
export const FIRST_MODERATOR = {
  password: 'a long passphrase here',
  args: ['users:add', 'you@example.org', '--role', 'admin', '--password-stdin'],
} as const;

const KIND_NAMES: Record<EmbeddedDatabase['kind'], string> = {
  ferretdb: 'FerretDB',
  mongod: 'MongoDB (mongod)',
  'mongodb-memory-server': 'MongoDB (mongodb-memory-server)',
};

const SECRET_PARAM = /pass|secret|token|key|authMechanismProperties/i;

/**
 * A MongoDB connection string fit to print: the password, and query options that may hold
 * one, become `****`. The credentials end at the last `@` before the options, so a password
 * with an unescaped `@` or `/` is masked whole as well.
 */
export function maskUriPassword(uri: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(uri)?.[0] ?? '';
  const rest = uri.slice(scheme.length);
  const queryAt = rest.indexOf('?');
  const beforeQuery = queryAt === -1 ? rest : rest.slice(0, queryAt);
  const query = queryAt === -1 ? '' : rest.slice(queryAt);
  const at = beforeQuery.lastIndexOf('@');
  let address = beforeQuery;
  if (at !== -1) {
    const credentials = beforeQuery.slice(0, at);
    const colon = credentials.indexOf(':');
    const user = colon === -1 ? credentials : `${credentials.slice(0, colon)}:****`;
    address = `${user}@${beforeQuery.slice(at + 1)}`;
  }
  const options = query.replace(/([?&])([^=&]*)=([^&]*)/g, (option, separator: string, name: string) =>
    SECRET_PARAM.test(name) ? `${separator}${name}=****` : option,
  );
  return `${scheme}${address}${options}`;
}

/** A word the shell takes as it is, quoted when it needs to be. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Which database the banner names, from what resolveDatabase (src/db/resolve.ts) found. */
export function bannerDatabaseOf(
  mongodbUri: string | undefined,
  resolved: { uri: string; embedded?: Pick<EmbeddedDatabase, 'kind' | 'uri' | 'dataDir'> },
): BannerDatabase {
  if (mongodbUri) return { source: 'MONGODB_URI', uri: mongodbUri };
  const { embedded } = resolved;
  if (!embedded) return { source: 'running', uri: resolved.uri };
  return { source: 'embedded', kind: embedded.kind, uri: embedded.uri, dataDir: embedded.dataDir };
}

function databaseRows(database: BannerDatabase): Array<[string, string]> {
  const uri = maskUriPassword(database.uri);
  switch (database.source) {
    case 'embedded':
      return [
        ['Database', `${KIND_NAMES[database.kind]} at ${uri}, started by Parley`],
        ['Database files', database.dataDir],
      ];
    case 'running':
      return [['Database', `${uri}, started by another Parley process (DATA_DIR/database.uri)`]];
    case 'MONGODB_URI':
      return [['Database', `${uri} (MONGODB_URI)`]];
  }
}

function firstModeratorHint(input: BannerInput): string[] {
  // `npm run cli` finds an embedded database through DATA_DIR/database.uri, and any other
  // through MONGODB_URI: it needs the same setting as this process.
  const prefix =
    input.database.source !== 'MONGODB_URI' && !input.isDefaultDataDir
      ? `DATA_DIR=${shellWord(input.dataDir)} `
      : '';
  const command = `echo ${shellWord(FIRST_MODERATOR.password)} | ${prefix}npm run cli -- ${FIRST_MODERATOR.args.map(shellWord).join(' ')}`;
  return [
    'There is no moderator account yet. Make the first one, an admin, from another terminal',
    input.database.source === 'MONGODB_URI'
      ? '(with the same MONGODB_URI set), with your own email address and passphrase:'
      : 'in this folder, with your own email address and passphrase:',
    '',
    `  ${command}`,
    '',
    `Then log in at ${input.url}/moderate.`,
  ];
}

export function formatBanner(input: BannerInput): string {
  const { url } = input;
  const rows: Array<[string, string]> = [
    ['Demo article', `${url}/demo`],
    ['Moderation', `${url}/moderate`],
    ['API docs', `${url}/docs`],
    ['Data (DATA_DIR)', input.dataDir],
    ...databaseRows(input.database),
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = [
    '',
    `Parley is ready at ${url}`,
    '',
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    '',
    ...(input.hasUsers ? [] : [...firstModeratorHint(input), '']),
    input.database.source === 'embedded' ? 'Ctrl-C stops Parley and its database.' : 'Ctrl-C stops Parley.',
    '',
  ];
  return `${lines.join('\n')}\n`;
}
