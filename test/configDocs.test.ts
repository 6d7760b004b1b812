// Every config key is documented in README.md's table and in .env.example, and nothing else is.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_KEYS } from '../src/config';

const root = path.resolve(__dirname, '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const envExample = readFileSync(path.join(root, '.env.example'), 'utf8');

it.each(CONFIG_KEYS)('documents %s in README.md and .env.example', (key) => {
  expect(readme).toMatch(new RegExp(`^\\| \`${key}\` +\\|`, 'm'));
  expect(envExample).toMatch(new RegExp(`^#? ?${key}=`, 'm'));
});

it('documents no key that Parley does not read', () => {
  const documented = [...envExample.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]);
  expect(documented.filter((key) => !CONFIG_KEYS.includes(key as string))).toEqual([]);
});
