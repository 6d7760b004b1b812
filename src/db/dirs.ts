// Folders an attempt to start a database makes, and takes back when the attempt fails, so a
// failed start leaves no empty folders behind.
import { existsSync, mkdirSync, rmdirSync } from 'node:fs';
import path from 'node:path';

/** The folders `mkdir -p dir` would make, innermost first. */
export function missingDirs(dir: string): string[] {
  const missing: string[] = [];
  for (let current = path.resolve(dir); !existsSync(current); current = path.dirname(current)) {
    missing.push(current);
    if (path.dirname(current) === current) break;
  }
  return missing;
}

/** `mkdir -p dir`; returns the folders it made, innermost first, for removeEmptyDirs. */
export function makeDirs(dir: string): string[] {
  const missing = missingDirs(dir);
  mkdirSync(dir, { recursive: true });
  return missing;
}

/** Removes the given folders, innermost first, and stops at the first one that is not empty. */
export function removeEmptyDirs(dirs: string[]): void {
  for (const dir of dirs) {
    try {
      rmdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return;
    }
  }
}
