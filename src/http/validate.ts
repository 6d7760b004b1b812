// The one request validator. A route describes its whole request (params, query, body)
// as a zod object; every problem is reported at once as `fields`, unknown keys are
// dropped, and the handler reads the typed result with `input(res, schema)`.
import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { errors, type FieldErrors } from '../errors';

export type RequestSchema = z.ZodType<{ params?: unknown; query?: unknown; body?: unknown }>;
/** A schema that depends on the request, such as a post's fields on the site's settings. */
export type RequestSchemaFactory = (req: Request, res: Response) => RequestSchema;

// The schema stays on the middleware so the API reference's test can check that the document
// describes the very schema each route validates with.
const REQUEST_SCHEMA = Symbol('requestSchema');

export function fieldErrors(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    // The first path segment says where the value came from (body, query, params).
    const name = issue.path.slice(1).join('.') || String(issue.path[0] ?? 'request');
    fields[name] ??= issue.message;
  }
  return fields;
}

export function validate(schema: RequestSchema | RequestSchemaFactory): RequestHandler {
  const handler: RequestHandler = async (req, res, next) => {
    const chosen = typeof schema === 'function' ? schema(req, res) : schema;
    const result = await chosen.safeParseAsync({
      params: req.params,
      query: req.query,
      body: req.body ?? {},
    });
    if (!result.success) return next(errors.validationFailed(fieldErrors(result.error)));
    res.locals.input = result.data;
    next();
  };
  return Object.assign(handler, { [REQUEST_SCHEMA]: schema });
}

/** The schema a `validate(schema)` middleware checks requests with; undefined for any other. */
export function requestSchemaOf(handler: unknown): RequestSchema | RequestSchemaFactory | undefined {
  return (handler as { [REQUEST_SCHEMA]?: RequestSchema | RequestSchemaFactory } | undefined)?.[
    REQUEST_SCHEMA
  ];
}

export function input<S extends RequestSchema>(
  res: Response,
  _schema: S | ((...args: never[]) => S),
): z.infer<S> {
  return res.locals.input as z.infer<S>;
}
