// Validates the OpenAPI document on standard input against the OpenAPI schema of its version
// and prints the validator's answer as JSON. A process of its own because the validator is an
// ES module, which Jest (running the tests as CommonJS on Node 20) cannot load.
import { Validator } from '@seriousme/openapi-schema-validator';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const validator = new Validator();
const result = await validator.validate(JSON.parse(Buffer.concat(chunks).toString('utf8')));
process.stdout.write(JSON.stringify({ ...result, version: validator.version }));
