// Preloaded into the bench's worker processes (NODE_OPTIONS="--require .../akismet-dns.cjs"):
// akismet-api calls http://KEY.HOST/1.1/..., so the API key becomes a subdomain of the
// double's host. This resolves *.akismet.test to 127.0.0.1, as test/fakes/akismet.ts does in
// the tests, and refuses any other name that is not local, so no bench traffic leaves the machine.
const dns = require('node:dns');

const DOMAIN = 'akismet.test';
const LOCAL = new Set(['localhost', '127.0.0.1', '::1']);
const original = dns.lookup;

dns.lookup = function lookup(hostname, options, callback) {
  const done = typeof options === 'function' ? options : callback;
  const wantsAll = typeof options === 'object' && options !== null && options.all;
  const name = String(hostname).toLowerCase();
  if (name === DOMAIN || name.endsWith(`.${DOMAIN}`)) {
    process.nextTick(() =>
      wantsAll ? done(null, [{ address: '127.0.0.1', family: 4 }]) : done(null, '127.0.0.1', 4),
    );
    return;
  }
  if (LOCAL.has(name)) return original.call(dns, hostname, options, callback);
  const error = new Error(`getaddrinfo ENOTFOUND ${hostname} (the benchmark allows loopback only)`);
  error.code = 'ENOTFOUND';
  process.nextTick(() => done(error));
};
