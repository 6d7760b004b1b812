// The bare-Node reference: node:http answering every request with the bytes a warm thread read
// returns, from memory: its body, and with HEADERS_FILE (JSON) its headers too, so the client
// parses the same response. Started by bench/bareNode.ts:
//   BODY_FILE=... [HEADERS_FILE=...] PORT=... node bench/bare-node.cjs
const { readFileSync } = require('node:fs');
const http = require('node:http');

const body = readFileSync(process.env.BODY_FILE);
const headers = process.env.HEADERS_FILE
  ? JSON.parse(readFileSync(process.env.HEADERS_FILE, 'utf8'))
  : { 'Content-Type': 'application/json; charset=utf-8' };
const server = http.createServer((_req, res) => {
  res.writeHead(200, { ...headers, 'Content-Length': body.length });
  res.end(body);
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => process.exit(0));
