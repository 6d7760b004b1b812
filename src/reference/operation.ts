// How a route is described in the API reference. Each domain lists its routes next to its
// schemas (src/comments/comments.openapi.ts and so on); src/reference/document.ts turns the
// lists into the OpenAPI document. The request part is the very zod schema the route
// validates with, so the document cannot describe a request the route does not check.
import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { AppError, ErrorBody } from '../errors';
import type { RequestSchema, RequestSchemaFactory } from '../http/validate';

export type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

/** One error a route can answer with: its status, its stable code and when it happens. */
export interface DocumentedError {
  status: number;
  code: string;
  when: string;
}

/** An error as its module makes it: status and code come from the error itself. */
export function documented(error: AppError, when: string): DocumentedError {
  return { status: error.status, code: error.code, when };
}

/** A request schema that depends on the request (the site's settings), shown for one case. */
export interface DependentRequest {
  /** What the route passes to validate(). */
  factory: RequestSchemaFactory;
  /** The schema it gives for the documented case. */
  shown: RequestSchema;
}

export interface ApiOperation {
  method: Method;
  /** The path as Express mounts it (`/api/v1/sites/:site/comments`). */
  path: string;
  tag: string;
  /** A few words for the list of operations. */
  summary: string;
  /** What the route does, in a sentence or a short paragraph of Markdown. */
  description?: string;
  /** The schema the route's validate() checks (params, query and body), if it has one. */
  request?: RequestSchema | DependentRequest;
  /** Request headers the route reads, as a zod object of optional strings. */
  headers?: z.ZodObject;
  /** The body's media types; JSON when not given. */
  bodyTypes?: string[];
  /**
   * Who may call: 'user' is requireUser (a session cookie or an API token), 'session' the same
   * but only a password session succeeds, 'metrics' the optional METRICS_TOKEN.
   */
  auth?: 'user' | 'session' | 'metrics';
  /** The answers when all goes well, by status. */
  responses: Record<number, ResponseConfig>;
  /** The refusals particular to this route. Those every route of its kind shares are added. */
  errors?: DocumentedError[];
  /** Errors come as an HTML page (pages), or as HTML for form posts and JSON otherwise. */
  errorMedia?: 'json' | 'html' | 'json-or-html';
}

/** The request schema an operation's route hands to validate(). */
export function validatedSchemaOf(operation: ApiOperation): RequestSchema | RequestSchemaFactory | undefined {
  const { request } = operation;
  return request && 'factory' in request ? request.factory : request;
}

/** A JSON answer. */
export function json(description: string, schema: z.ZodType): ResponseConfig {
  return { description, content: { 'application/json': { schema } } };
}

/** An answer with no body. */
export function empty(description: string): ResponseConfig {
  return { description };
}

/** An HTML page. */
export function html(description: string): ResponseConfig {
  return { description, content: { 'text/html': { schema: z.string() } } };
}

/** Every error's body (src/errors.ts `errorBody`). */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable and machine-readable: branch on this.' }),
      message: z.string().meta({ description: 'Safe to show to the person who made the request.' }),
      fields: z
        .record(z.string(), z.string())
        .optional()
        .meta({ description: 'Only with `validation_failed`: one message per field that needs attention.' }),
    }),
  })
  .meta({ id: 'Error', description: 'What every refusal answers (form posts and pages get an HTML page).' });

/** Compiles only when A and B are the same type: ties a documented shape to the presenter's. */
export function sameShape<A, B>(
  ..._proof: [A] extends [B] ? ([B] extends [A] ? [] : ['the shapes differ']) : ['the shapes differ']
): void {}

sameShape<z.output<typeof errorBodySchema>, ErrorBody>();
