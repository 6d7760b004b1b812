// FerretDB from scripts/ferretdb.sh, for the embedded-database chain: the build it made on an
// earlier run, or a new build (Go from PATH or /usr/local/go, or a toolchain the script fetches
// from the Go module proxy). The script is the one place that knows where the build goes.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** scripts/ferretdb.sh, found from src/db/ and dist/db/ alike. The Docker image has none. */
export const FERRETDB_SCRIPT = path.resolve(__dirname, '..', '..', 'scripts', 'ferretdb.sh');

/**
 * The one line shown while FerretDB builds. The time is what a build with empty Go caches
 * takes on a 2-core machine (see scripts/ferretdb.sh).
 */
export const FERRETDB_BUILD_PROGRESS =
  'building FerretDB with scripts/ferretdb.sh: this happens on the first run only and takes about 4-5 minutes';

function lastLine(text: string): string | undefined {
  return text.trim().split('\n').pop()?.trim() || undefined;
}

/** The FerretDB that scripts/ferretdb.sh built earlier, if it is there and patched; never builds. */
export function findBuiltFerretdb(): string | undefined {
  if (!existsSync(FERRETDB_SCRIPT)) return undefined;
  const result = spawnSync('bash', [FERRETDB_SCRIPT, 'find'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: 30_000,
  });
  return result.status === 0 ? lastLine(result.stdout) : undefined;
}

export interface BuildOptions {
  /** Told FERRETDB_BUILD_PROGRESS once, as the build starts. */
  onProgress?: (message: string) => void;
  /** Stops the build: bash, go and its compilers alike. */
  signal?: AbortSignal;
}

/**
 * Runs `scripts/ferretdb.sh build` and resolves to the binary's path. The script's own output
 * (Go's downloads, the patch it applied) is kept back: only its last line, the reason, is
 * given when the build fails.
 */
export function buildFerretdb(options: BuildOptions = {}): Promise<string> {
  const { onProgress, signal } = options;
  if (!existsSync(FERRETDB_SCRIPT)) return Promise.reject(new Error('scripts/ferretdb.sh is not here'));
  if (signal?.aborted) return Promise.reject(new Error('stopped before it began'));
  onProgress?.(FERRETDB_BUILD_PROGRESS);
  return new Promise((resolve, reject) => {
    // A process group of its own lets a stop reach go and its compilers, not only bash. Without
    // a signal to stop it, the build stays in the caller's group, where Ctrl-C reaches it.
    const child = spawn('bash', [FERRETDB_SCRIPT, 'build'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: signal !== undefined,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout = (stdout + chunk).slice(-4000);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    const stop = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    };
    signal?.addEventListener('abort', stop, { once: true });
    child.once('error', (error) => {
      signal?.removeEventListener('abort', stop);
      reject(error);
    });
    child.once('close', (code, killedBy) => {
      signal?.removeEventListener('abort', stop);
      const binary = lastLine(stdout);
      if (signal?.aborted) reject(new Error('stopped'));
      else if (code === 0 && binary) resolve(binary);
      else reject(new Error(lastLine(stderr) ?? `scripts/ferretdb.sh exited with ${code ?? killedBy}`));
    });
  });
}
