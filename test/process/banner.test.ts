// The banner `npm start` prints at a terminal: its text as printed, no password ever, and a
// first-account command that really makes the account.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findUserByEmail, hasAnyUser } from '../../src/auth/user.model';
import {
  type BannerInput,
  bannerDatabaseOf,
  FIRST_MODERATOR,
  formatBanner,
  maskUriPassword,
} from '../../src/process/banner';
import { runCli } from '../helpers/cli';
import { useTestDatabase } from '../helpers/db';

const database = useTestDatabase();

const embedded: BannerInput = {
  url: 'http://localhost:3000',
  dataDir: '/home/you/parley/data',
  isDefaultDataDir: true,
  database: {
    source: 'embedded',
    kind: 'ferretdb',
    uri: 'mongodb://127.0.0.1:41234/parley',
    dataDir: '/home/you/parley/data/ferretdb',
  },
  hasUsers: false,
};

describe('formatBanner', () => {
  it('shows where to go, where the data is, and how to make the first moderator', () => {
    expect(formatBanner(embedded)).toBe(`
Parley is ready at http://localhost:3000

  Demo article     http://localhost:3000/demo
  Moderation       http://localhost:3000/moderate
  API docs         http://localhost:3000/docs
  Data (DATA_DIR)  /home/you/parley/data
  Database         FerretDB at mongodb://127.0.0.1:41234/parley, started by Parley
  Database files   /home/you/parley/data/ferretdb

There is no moderator account yet. Make the first one, an admin, from another terminal
in this folder, with your own email address and passphrase:

  echo 'a long passphrase here' | npm run cli -- users:add you@example.org --role admin --password-stdin

Then log in at http://localhost:3000/moderate.

Ctrl-C stops Parley and its database.

`);
  });

  it('is what README.md shows a newcomer', () => {
    const readme = readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8');
    const shown = /```text\n(Parley is ready at [^`]*)```/.exec(readme)?.[1];
    expect(shown).toBe(formatBanner(embedded).replace(/^\n/, '').replace(/\n\n$/, '\n'));
  });

  it('leaves the first-moderator hint out once there is a user', () => {
    const text = formatBanner({ ...embedded, hasUsers: true });
    expect(text).not.toContain('users:add');
    expect(text).toContain('Moderation       http://localhost:3000/moderate');
  });

  it('tells the CLI where the data is when DATA_DIR is not the default', () => {
    const text = formatBanner({ ...embedded, dataDir: "/srv/my data/it's", isDefaultDataDir: false });
    expect(text).toContain(
      `echo 'a long passphrase here' | DATA_DIR='/srv/my data/it'\\''s' npm run cli -- users:add you@example.org`,
    );
  });

  it('names MONGODB_URI without its password, and says the CLI needs it too', () => {
    const uri = 'mongodb://parley:s3cr%40t-pass@db.example:27017/parley?authSource=admin';
    const text = formatBanner({
      ...embedded,
      isDefaultDataDir: false,
      database: bannerDatabaseOf(uri, { uri }),
    });
    expect(text).toContain(
      '  Database         mongodb://parley:****@db.example:27017/parley?authSource=admin (MONGODB_URI)\n',
    );
    expect(text).not.toContain('s3cr');
    expect(text).not.toContain('Database files');
    expect(text).toContain('(with the same MONGODB_URI set)');
    // MONGODB_URI, not DATA_DIR, is how the CLI finds this database.
    expect(text).toContain("echo 'a long passphrase here' | npm run cli -- users:add");
    expect(text).toContain('Ctrl-C stops Parley.\n');
  });

  it('names the database another Parley process started', () => {
    const database = bannerDatabaseOf(undefined, { uri: 'mongodb://127.0.0.1:5555/parley' });
    expect(formatBanner({ ...embedded, database })).toContain(
      '  Database         mongodb://127.0.0.1:5555/parley, started by another Parley process (DATA_DIR/database.uri)\n',
    );
  });
});

describe('maskUriPassword', () => {
  it.each([
    ['mongodb://127.0.0.1:27017/parley', 'mongodb://127.0.0.1:27017/parley'],
    ['mongodb://user:pw@host/db', 'mongodb://user:****@host/db'],
    [
      'mongodb+srv://user:pw@cluster.example/db?retryWrites=true',
      'mongodb+srv://user:****@cluster.example/db?retryWrites=true',
    ],
    // An unescaped @ or / in the password: masked whole all the same.
    ['mongodb://user:p@ss/w@h1:1,h2:2/db', 'mongodb://user:****@h1:1,h2:2/db'],
    // A user without a password (X.509) has nothing to hide.
    [
      'mongodb://CN=client@host/db?authMechanism=MONGODB-X509',
      'mongodb://CN=client@host/db?authMechanism=MONGODB-X509',
    ],
    [
      'mongodb://host/db?tls=true&tlsCertificateKeyFilePassword=hunter2&authMechanismProperties=AWS_SESSION_TOKEN:abc',
      'mongodb://host/db?tls=true&tlsCertificateKeyFilePassword=****&authMechanismProperties=****',
    ],
  ])('%s', (uri, expected) => {
    expect(maskUriPassword(uri)).toBe(expected);
  });
});

it('makes the first moderator with the very command the banner prints', async () => {
  expect(await hasAnyUser()).toBe(false);
  const result = runCli(database.name, [...FIRST_MODERATOR.args], `${FIRST_MODERATOR.password}\n`);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(await findUserByEmail('you@example.org')).toMatchObject({ role: 'admin', allSites: true });
  expect(await hasAnyUser()).toBe(true);
});
