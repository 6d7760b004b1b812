// The API reference's own document in the API reference.
import { z } from 'zod';
import { type ApiOperation, json } from './operation';

export const DOCUMENT_PATH = '/api/v1/openapi.json';

export const referenceOperations: ApiOperation[] = [
  {
    method: 'get',
    path: DOCUMENT_PATH,
    tag: 'Operations',
    summary: 'This document',
    description:
      'OpenAPI 3.1, generated from the schemas the routes validate with. Public (in production too) and ' +
      'readable from any origin, for tools; `/docs` shows it.',
    responses: { 200: json('The document.', z.looseObject({ openapi: z.string() })) },
  },
];
