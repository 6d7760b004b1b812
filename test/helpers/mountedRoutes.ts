// Every route an Express app answers, read from its router stack: the method, the full path
// (mount paths joined) and the handlers that run before it (middleware mounted on a prefix
// of its path, then the route's own). Reads router 2's `rawPath`, which each layer keeps.
import type { Express } from 'express';

interface Layer {
  rawPath?: unknown;
  handle: unknown;
  route?: { path: unknown; methods: Record<string, boolean>; stack: Layer[] };
}

export interface MountedRoute {
  method: string;
  path: string;
  /** The middleware that applies to the route, in order, and then the route's own handlers. */
  handlers: unknown[];
}

function joinPath(prefix: string, path: unknown): string {
  if (typeof path !== 'string') throw new Error(`a mount path that is not a string: ${String(path)}`);
  return `${prefix}${path === '/' ? '' : path}`;
}

function isUnder(path: string, prefix: string): boolean {
  return prefix === '' || path === prefix || path.startsWith(`${prefix}/`);
}

function routerStackOf(handle: unknown): Layer[] | undefined {
  const stack = (handle as { stack?: unknown } | undefined)?.stack;
  return Array.isArray(stack) ? (stack as Layer[]) : undefined;
}

export function mountedRoutes(app: Express): MountedRoute[] {
  const routes: MountedRoute[] = [];
  const walk = (stack: Layer[], prefix: string, middleware: Array<{ prefix: string; handle: unknown }>) => {
    const seen = [...middleware];
    for (const layer of stack) {
      if (layer.route) {
        const path = joinPath(prefix, layer.route.path);
        const before = seen.filter((entry) => isUnder(path, entry.prefix)).map((entry) => entry.handle);
        for (const method of Object.keys(layer.route.methods).filter((name) => name !== '_all')) {
          routes.push({
            method,
            path,
            handlers: [...before, ...layer.route.stack.map((route) => route.handle)],
          });
        }
        continue;
      }
      const inner = routerStackOf(layer.handle);
      if (inner) walk(inner, joinPath(prefix, layer.rawPath), seen);
      else seen.push({ prefix: joinPath(prefix, layer.rawPath), handle: layer.handle });
    }
  };
  const { router } = app as unknown as { router: { stack: Layer[] } };
  walk(router.stack, '', []);
  return routes;
}
