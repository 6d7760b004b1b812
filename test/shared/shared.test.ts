// src/shared/ holds what the browser bundles and the server both use, so it may import only
// itself: a server import there would pull Node or Mongoose into a bundle. And what both
// sides use lives there once, not as a copy in a browser client.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const SRC = path.resolve(__dirname, '..', '..', 'src');
const SHARED = path.join(SRC, 'shared');
const CLIENT_DIRS = ['embed/client/', 'dashboard/client/'];

/** What `file` imports that is not in src/shared: packages, node: modules, server files. */
function importsLeavingShared(file: string, text: string): string[] {
  const found = ts.preProcessFile(text, true, true);
  const isInShared = (specifier: string) =>
    specifier.startsWith('.') &&
    !path.relative(SHARED, path.resolve(path.dirname(file), specifier)).startsWith('..');
  return [
    ...[...found.importedFiles, ...found.referencedFiles]
      .map((ref) => ref.fileName)
      .filter((specifier) => !isInShared(specifier)),
    // `/// <reference types="node" />` names a package too.
    ...found.typeReferenceDirectives.map((ref) => ref.fileName),
  ];
}

describe('src/shared', () => {
  const files = (readdirSync(SHARED, { recursive: true }) as string[])
    .filter((name) => /\.[cm]?[jt]sx?$/.test(name))
    .map((name) => path.join(SHARED, name));

  it('holds code', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('imports nothing from outside itself', () => {
    const outside = files.flatMap((file) =>
      importsLeavingShared(file, readFileSync(file, 'utf8')).map(
        (specifier) => `${path.relative(SRC, file)} imports ${specifier}`,
      ),
    );
    expect(outside).toEqual([]);
  });

  it('is checked by a rule that catches server, package and Node imports', () => {
    const file = path.join(SHARED, 'sample.ts');
    const text = [
      "import type { Site } from '../sites/site.model';",
      "import { Schema } from 'mongoose';",
      "export * from 'node:fs';",
      "import { COMMENT_STATUSES } from './statuses';",
      "export type { Card } from './moderationCard';",
    ].join('\n');
    expect(importsLeavingShared(file, text)).toEqual(['../sites/site.model', 'mongoose', 'node:fs']);
  });
});

/** One row of `duplicates`: two places, each as `file:lines`, relative to the folder read. */
function parseRow(row: string): [string, string] {
  const match = /^D\d+ (\S+):\d+-\d+ ~ (\S+):\d+-\d+/.exec(row);
  if (!match) throw new Error(`duplicates printed a row this test cannot read: ${row}`);
  return [match[1] as string, match[2] as string];
}

const isClientFile = (file: string) => CLIENT_DIRS.some((dir) => file.startsWith(dir));

describe('the browser clients and the server', () => {
  it('repeat no block of six or more lines (what both need belongs in src/shared)', () => {
    const run = spawnSync(
      'duplicates',
      ['--repo', SRC, '--min-lines', '6', '--most', '200', '--seconds', '60'],
      { encoding: 'utf8' },
    );
    if (run.error) {
      throw new Error(
        `could not run the \`duplicates\` command (${run.error.message}); this test needs it on PATH`,
      );
    }
    const lines = run.stdout.trim().split('\n');
    const summary = /^(\d+) pairs? of places/.exec(lines[0] ?? '');
    const pairs = summary ? Number(summary[1]) : /^no duplicates/.test(lines[0] ?? '') ? 0 : undefined;
    if (pairs === undefined) throw new Error(`duplicates printed no summary:\n${run.stdout}${run.stderr}`);
    // A cut list or an unfinished read could hide the very pair this test looks for.
    const unfinished = lines.filter((line) => /^incomplete:|^\(\+\d+ more pairs?\)/.test(line));
    expect(unfinished).toEqual([]);

    const rows = lines.filter((line) => /^D\d+ /.test(line));
    expect(rows).toHaveLength(pairs);
    const crossing = rows.filter((row) => {
      const [a, b] = parseRow(row);
      return isClientFile(a) !== isClientFile(b);
    });
    expect(crossing).toEqual([]);
  }, 90_000);
});
