// The root logger's two formats: which one a process picks, and that the readable one keeps
// every secret out and every line in.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Writable } from 'node:stream';
import { chooseLogFormat, createLogger, type LogFormat, maskUrlSecrets } from '../src/logger';

const ROOT = path.resolve(__dirname, '..');

function capturingLogger(format: LogFormat) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { log: createLogger({ destination, format }), lines };
}

describe('chooseLogFormat', () => {
  it.each([
    [true, 'development', 'auto', 'pretty'],
    [true, 'test', 'auto', 'pretty'],
    [true, 'production', 'auto', 'json'],
    [false, 'development', 'auto', 'json'],
    [false, 'production', 'auto', 'json'],
    [false, 'development', 'pretty', 'pretty'],
    [false, 'production', 'pretty', 'pretty'],
    [true, 'development', 'json', 'json'],
  ] as const)('isTTY %s, NODE_ENV=%s, LOG_FORMAT=%s: %s', (isTTY, nodeEnv, override, expected) => {
    expect(chooseLogFormat({ isTTY, nodeEnv, override })).toBe(expected);
  });
});

describe('pretty logs', () => {
  it('are one readable line each, with secrets and email addresses removed as in JSON', () => {
    const { log, lines } = capturingLogger('pretty');
    log.info(
      { password: 'hunter2-secret', user: { email: 'moderator@example.org' }, token: 'tok-123456' },
      'sent a reply notice to reader@example.org',
    );
    // Written before log.info returned: nothing waits in a buffer.
    expect(lines).toHaveLength(1);
    const [line] = lines as [string];
    expect(line).toMatch(
      /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO \(parley\/\d+\): sent a reply notice to \[email\] /,
    );
    expect(line).toContain('"password":"[redacted]"');
    expect(line).toContain('"token":"[redacted]"');
    expect(line).not.toMatch(/hunter2|tok-123456|moderator@|reader@/);
    // No colours when not writing to a terminal, and one line per entry.
    expect(line).not.toContain('\u001b[');
    expect(line.trimEnd().split('\n')).toHaveLength(1);
  });

  it('stay JSON when the format is json', () => {
    const { log, lines } = capturingLogger('json');
    log.info({ password: 'hunter2-secret' }, 'hello');
    expect(JSON.parse(lines[0] as string)).toMatchObject({ msg: 'hello', password: '[redacted]' });
  });

  it('are all on stdout when the process exits right after logging', () => {
    const script = [
      "const { createLogger } = require('./src/logger.ts');",
      "const log = createLogger({ format: 'pretty' });",
      "for (let i = 0; i < 2000; i += 1) log.info({ i }, 'line ' + i);",
      "log.info('last');",
      'process.exit(0);',
    ].join('\n');
    const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: ROOT,
      // Colours follow the terminal, FORCE_COLOR and CI; this test reads plain text.
      env: { ...process.env, NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.stderr).toBe('');
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2001);
    expect(lines[2000]).toContain('INFO (parley/');
    expect(lines[2000]).toMatch(/: last$/);
  });
});

describe('maskUrlSecrets', () => {
  it('replaces credentials and a moderator’s search words, and keeps the rest of the query', () => {
    expect(
      maskUrlSecrets(
        '/api/v1/moderation/comments?status=trash&q=Ada%20Lovelace&token=abc&moderation-hash=f00&site=news',
      ),
    ).toBe(
      '/api/v1/moderation/comments?status=trash&q=[redacted]&token=[redacted]&moderation-hash=[redacted]&site=news',
    );
    expect(maskUrlSecrets('/x?quota=1&sq=2')).toBe('/x?quota=1&sq=2');
  });
});
