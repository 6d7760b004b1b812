// The shape of the tree that docs/architecture.md promises: small files, one owner for the
// comments collection, and a map that names only files that exist.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const src = path.join(root, 'src');
const STORE = path.join(src, 'comments', 'store');
const COMMENT_MODEL = path.join(STORE, 'comment.model');
/** Names the map may give that a build makes, not git. */
const GENERATED = ['dist/'];

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

const sourceFiles = listFiles(src).filter((file) => file.endsWith('.ts'));
const relative = (file: string) => path.relative(root, file);

/** The modules a file imports or re-exports, resolved to absolute paths without extension. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?from\s+'(\.[^']+)'/g)].map((match) =>
    path.resolve(path.dirname(file), match[1] as string),
  );
}

it('keeps every source file at 300 lines or fewer', () => {
  const long = sourceFiles
    .map((file) => ({ file: relative(file), lines: readFileSync(file, 'utf8').split('\n').length - 1 }))
    .filter(({ lines }) => lines > 300);
  expect(long).toEqual([]);
});

it('lets only the comment store import the comments model', () => {
  const outside = sourceFiles.filter((file) => !file.startsWith(`${STORE}${path.sep}`));
  const offenders = outside.filter((file) => importsOf(file).includes(COMMENT_MODEL)).map(relative);
  expect(offenders).toEqual([]);
  // The check reads imports at all: the store's own files do import the model.
  expect(sourceFiles.filter((file) => importsOf(file).includes(COMMENT_MODEL)).length).toBeGreaterThan(3);
});

describe('docs/architecture.md', () => {
  const map = readFileSync(path.join(root, 'docs', 'architecture.md'), 'utf8');

  it('names only files and folders that exist', () => {
    // A name may be written in full (`src/threads/thread.sync.ts`) or from a folder the text
    // has just named (`store/changes.ts`, `thread.sync.ts`): it must end some real path.
    const tracked = ['src', 'test', 'scripts', 'bench', 'docs'].flatMap((dir) =>
      listFiles(path.join(root, dir)).map(relative),
    );
    const folders = new Set(
      tracked.flatMap((file) =>
        file
          .split('/')
          .slice(0, -1)
          .map((_, i, parts) => `${parts.slice(0, i + 1).join('/')}/`),
      ),
    );
    const named = [...map.matchAll(/`([\w.-]+(?:\/[\w.-]*)*)`/g)]
      .map((match) => match[1] as string)
      .filter((name) => /\.(ts|md|sh|patch|css)$/.test(name) || name.endsWith('/'))
      .filter((name) => !GENERATED.includes(name));
    expect(named.length).toBeGreaterThan(40);
    const exists = (name: string) =>
      name.endsWith('/')
        ? [...folders].some((folder) => folder === name || folder.endsWith(`/${name}`))
        : tracked.some((file) => file === name || file.endsWith(`/${name}`));
    expect(named.filter((name) => !exists(name))).toEqual([]);
  });

  it('maps every folder of src', () => {
    const folders = readdirSync(src, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `src/${entry.name}/`);
    expect(folders.filter((folder) => !map.includes(`\`${folder}\``))).toEqual([]);
  });
});
