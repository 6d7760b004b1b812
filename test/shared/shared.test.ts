// src/shared/ holds what the browser bundles and the server both use, so it may import only
// itself: a server import there would pull Node or Mongoose into a bundle. And what both
// sides use lives there once, not as a copy in a browser client.
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

const isClientFile = (file: string) => CLIENT_DIRS.some((dir) => file.startsWith(dir));

/**
 * The lines that say something, white space folded: no blank lines, comments, imports or lone
 * punctuation, as the workplace's `duplicates` command reads code. A self-contained check, so
 * it runs wherever the suite does.
 */
function meaningfulLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter(
      (line) =>
        line !== '' &&
        !/^(\/\/|\/\*|\*|\*\/)/.test(line) &&
        !/^import\b|^} from '/.test(line) &&
        !/^[\s{}()[\];,]*$/.test(line),
    );
}

/** Every run of `size` meaningful lines in the text, joined, to compare across files. */
function runsOf(text: string, size = 6): Set<string> {
  const lines = meaningfulLines(text);
  const runs = new Set<string>();
  for (let i = 0; i + size <= lines.length; i++) runs.add(lines.slice(i, i + size).join('\n'));
  return runs;
}

describe('the browser clients and the server', () => {
  const files = (readdirSync(SRC, { recursive: true }) as string[])
    .filter((name) => name.endsWith('.ts'))
    .map((name) => name.split(path.sep).join('/'));

  it('repeat no block of six or more lines (what both need belongs in src/shared)', () => {
    const serverRuns = new Map<string, string>();
    for (const file of files.filter((name) => !isClientFile(name))) {
      for (const run of runsOf(readFileSync(path.join(SRC, file), 'utf8'))) serverRuns.set(run, file);
    }
    const clientFiles = files.filter(isClientFile);
    expect(clientFiles.length).toBeGreaterThan(10);
    const repeated = clientFiles.flatMap((file) =>
      [...runsOf(readFileSync(path.join(SRC, file), 'utf8'))]
        .filter((run) => serverRuns.has(run))
        .map((run) => `${file} repeats ${serverRuns.get(run)}:\n${run}`),
    );
    expect(repeated).toEqual([]);
  });

  it('is checked by a rule that finds a copied block whatever its indentation and comments', () => {
    const server = [
      'export interface PublicComment {',
      '  id: string;',
      '  parentId: string | null;',
      '  // the depth',
      '  depth: number;',
      '  author: { name: string };',
      '  content: string;',
      "  status: 'approved' | 'pending';",
      '}',
    ].join('\n');
    const client = server.replace(/^ {2}/gm, '    ').replace('  // the depth\n', '');
    expect([...runsOf(client)].some((run) => runsOf(server).has(run))).toBe(true);
    expect([...runsOf(client.replace('content', 'body'))].some((run) => runsOf(server).has(run))).toBe(false);
  });
});
