/**
 * Issue 9 (hardening), at the CLI: output onto special files, bad journal paths and YAML alias bombs,
 * terminal injection on stderr, argument validation. The built CLI as a subprocess; nothing here
 * reaches AWS (an unreachable endpoint proves that the checks come first).
 */
import { stripVTControlCharacters } from 'node:util';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { UNSAFE_CHARS } from '../../src/util/text.js';
import { inventory, targetGroup } from '../support/builders.js';
import { exitCodeFor, reportInternalError } from '../../src/cli/main.js';
import { assertBuilt, cli, ROOT, snapshotDoc, STACK, tempDir, type CliResult } from './run-cli.js';

const tmp = tempDir();
const ONE = ['--checks', 'tg.detection-time'];
const files: Record<string, string> = {};
/** Nothing listens on port 9 (discard): a command that got as far as AWS would say so. */
const DEAD = 'http://127.0.0.1:9';

before(() => {
  assertBuilt();
  files['good'] = tmp.file(
    'good.json',
    JSON.stringify(snapshotDoc(inventory({ 'us-east-1': { targetGroups: [targetGroup({ name: 'web' })] } }))),
  );
});
after(() => tmp.cleanup());

const run = (args: string[], env?: Record<string, string>) =>
  cli(args, { cwd: tmp.dir, env: { RESIL_HOME: join(tmp.dir, 'home'), ...env } });

/** At most two CLI processes at a time: the machine's cores are shared, and each start costs ~1.5 s of CPU. */
async function inTwos<T, R>(items: T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += 2) out.push(...(await Promise.all(items.slice(i, i + 2).map(fn))));
  return out;
}

function usageFailure(r: CliResult, ...patterns: RegExp[]): void {
  assert.equal(r.code, 2, `exit code; stderr: ${r.stderr}`);
  assert.match(r.stderr, /^Error: /);
  assert.doesNotMatch(r.stderr, STACK);
  for (const p of patterns) assert.match(r.stderr, p);
}

describe('issue 9: output onto special files', { concurrency: 2 }, () => {
  test('audit --output - writes the report to stdout and creates no file named "-"', async () => {
    const r = await run(['audit', '--snapshot', files['good']!, '--output', '-', '--format', 'json', ...ONE]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { findings: unknown[] }).findings.length, 1);
    assert.ok(!readdirSync(tmp.dir).includes('-'));
  });

  test('audit --output onto a FIFO writes into it; the FIFO stays a FIFO', async () => {
    const fifo = join(tmp.dir, 'report.fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = new Promise<string>((res) => {
      const chunks: Buffer[] = [];
      import('node:fs').then(({ createReadStream }) => {
        createReadStream(fifo)
          .on('data', (c) => chunks.push(c as Buffer))
          .on('end', () => res(Buffer.concat(chunks).toString('utf8')));
      });
    });
    const r = await run([
      'audit',
      '--snapshot',
      files['good']!,
      '--output',
      fifo,
      '--format',
      'json',
      ...ONE,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(await reader, /"checkId": "tg.detection-time"/);
    assert.ok(lstatSync(fifo).isFIFO());
  });

  test('audit and snapshot --output onto a socket: exit 2 before any work, the socket left alone', async () => {
    const sock = join(tmp.dir, 'out.sock');
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(sock, r));
    try {
      const [a, s] = await Promise.all([
        run(['audit', '--snapshot', files['good']!, '--output', sock, ...ONE]),
        run(['snapshot', '--endpoint-url', DEAD, '--region', 'us-east-1', '--output', sock]),
      ]);
      usageFailure(a, /Cannot write .*out\.sock: it is a socket/);
      usageFailure(s, /Cannot write .*out\.sock: it is a socket/);
      assert.doesNotMatch(s.stderr, /endpoint|collected/i);
      assert.ok(lstatSync(sock).isSocket());
    } finally {
      await new Promise<void>((r) => srv.close(() => r()));
    }
  });

  test('audit --output over an existing 0600 report keeps 0600', async () => {
    const out = join(tmp.dir, 'private.json');
    await run(['audit', '--snapshot', files['good']!, '--output', out, ...ONE]);
    execFileSync('chmod', ['600', out]);
    const r = await run(['audit', '--snapshot', files['good']!, '--output', out, ...ONE]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(statSync(out).mode & 0o777, 0o600);
    assert.match(readFileSync(out, 'utf8'), /tg.detection-time/);
  });
});

const AWS_ENV = { AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_REGION: 'us-east-1' };
const BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((k, i) => {
    const prev = 'abcdefghi'[i]!;
    return `${k}: &${k} [${Array(9).fill(`*${prev}`).join(',')}]`;
  }),
  '',
].join('\n');

describe(
  'issue 9: bad --journal paths and YAML alias bombs are exit 2 before any AWS call',
  { concurrency: 2 },
  () => {
    const failover = (journal: string) =>
      run(['failover', '--to', 'us-west-2', '--yes', '--endpoint-url', DEAD, '--journal', journal], AWS_ENV);

    test('--journal onto an existing file, a symlink, a directory: one line naming it, exit 2', async () => {
      const existing = tmp.file('existing.jsonl', 'keep me\n');
      const link = join(tmp.dir, 'link.jsonl');
      symlinkSync(existing, link);
      const dangling = join(tmp.dir, 'dangling.jsonl');
      symlinkSync(join(tmp.dir, 'nowhere'), dangling);
      mkdirSync(join(tmp.dir, 'jdir'));
      const results = await inTwos([existing, link, dangling, join(tmp.dir, 'jdir')], failover);
      for (const r of results) {
        usageFailure(r, /--journal .* already exists/, /→ /);
        assert.doesNotMatch(r.stderr, /EEXIST|Stopped before any change|127\.0\.0\.1:9/);
      }
      assert.equal(readFileSync(existing, 'utf8'), 'keep me\n', 'never touched');
    });

    test('--journal where no file can be created (/proc) or under a file: exit 2', async () => {
      const file = tmp.file('plain.txt', 'x');
      for (const r of await Promise.all([failover('/proc/resil-journal'), failover(join(file, 'j.jsonl'))])) {
        usageFailure(r, /--journal/, /cannot create|not a directory/);
        assert.doesNotMatch(r.stderr, /Stopped before any change/);
      }
    });

    test('an empty --journal (an unset shell variable) is refused, not defaulted', async () => {
      usageFailure(await failover(''), /--journal needs a file name/);
    });

    test('a YAML alias bomb in .resil.yml: exit 2 naming the file (was exit 70), for audit and failover', async () => {
      const cfg = tmp.file('bomb.yml', BOMB);
      const [a, f] = await Promise.all([
        run(['audit', '--snapshot', files['good']!, '--config', cfg, ...ONE]),
        run(['failover', '--to', 'us-west-2', '--dry-run', '--endpoint-url', DEAD, '--config', cfg], AWS_ENV),
      ]);
      usageFailure(a, /bomb\.yml is not valid YAML: .*alias/i);
      usageFailure(f, /bomb\.yml is not valid YAML: .*alias/i);
    });
  },
);

describe('issue 9: terminal injection', { concurrency: 2 }, () => {
  const unsafe = (s: string) =>
    [...s.matchAll(new RegExp(UNSAFE_CHARS.source, 'g'))].map(
      (m) => `U+${m[0].codePointAt(0)!.toString(16)}`,
    );

  test('a suppression resource with ESC/BEL/U+202E is not echoed raw to stderr', async () => {
    const cfg = tmp.file(
      'inject.yml',
      'suppressions:\n  - check: tg.detection-time\n    resource: "nothing\\e]0;pwned\\a\\e[2J\\u202Etxt.exe"\n    reason: test\n',
    );
    const r = await run(['audit', '--snapshot', files['good']!, '--config', cfg, '--format', 'json', ...ONE]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Note: the suppression of tg\.detection-time for nothing\uFFFD\]0;pwned\uFFFD/);
    assert.deepEqual(unsafe(r.stderr), []);
    assert.deepEqual(unsafe(r.stdout), []);
  });

  test('a hostile resource name reaches no format raw (C1 CSI, CR, U+202E)', async () => {
    const tg = targetGroup({ name: 'web\u009b31m\rX\u202Eevil' });
    tg.healthCheck.intervalSeconds = 30;
    const snap = tmp.file(
      'hostile.json',
      JSON.stringify(snapshotDoc(inventory({ 'us-east-1': { targetGroups: [tg] } }))),
    );
    for (const format of ['table', 'json', 'junit', 'sarif', 'markdown']) {
      const r = await run(['audit', '--snapshot', snap, '--format', format, '--fail-on', 'never', ...ONE]);
      assert.equal(r.code, 0, `${format}: ${r.stderr}`);
      assert.deepEqual(unsafe(r.stdout), [], format);
      assert.ok(r.stdout.includes('web\uFFFD31m\uFFFDX\uFFFDevil'), `${format} shows the name, defused`);
    }
  });
});

describe('issue 9: argument validation', { concurrency: 2 }, () => {
  test('--endpoint-url that is not an http(s) URL: exit 2 before any AWS call (was exit 3, every check skipped)', async () => {
    const results = await inTwos(
      [
        ['audit', '--endpoint-url', 'not a url', '--region', 'us-east-1'],
        ['snapshot', '--endpoint-url', 'ftp://127.0.0.1:9', '--region', 'us-east-1', '-o', 'x.json'],
        ['failover', '--to', 'us-west-2', '--dry-run', '--endpoint-url', 'localhost:5000'],
        [
          'cutover',
          '--zone',
          'z',
          '--record',
          'r',
          '--to',
          'us-west-2',
          '--dry-run',
          '--endpoint-url',
          'http://',
        ],
      ],
      (args) => run(args, AWS_ENV),
    );
    for (const r of results)
      usageFailure(r, /--endpoint-url .* is not an http\(s\) URL/, /→ .*http:\/\/127\.0\.0\.1:5000/);
    assert.ok(!readdirSync(tmp.dir).includes('x.json'));
  });

  test('empty values (unset shell variables) are refused, never defaulted: --region, --resume, --endpoint-url, --to, runs show ""', async () => {
    const results = await inTwos(
      [
        ['audit', '--region', '', '--endpoint-url', DEAD],
        ['snapshot', '--region', ' ', '--endpoint-url', DEAD, '-o', 'y.json'],
        ['failover', '--resume', '', '--yes'],
        ['cutover', '--resume', ''],
        ['audit', '--region', 'us-east-1', '--endpoint-url', ''],
        ['failover', '--to', '', '--dry-run', '--endpoint-url', DEAD],
        ['runs', 'show', ''],
      ],
      (args) => run(args, AWS_ENV),
    );
    const flags = ['--region', '--region', '--resume', '--resume', '--endpoint-url', '--to', 'ID'];
    results.forEach((r, i) => usageFailure(r, new RegExp(`${flags[i]} needs a value \\(it is empty\\)`)));
    assert.ok(!readdirSync(tmp.dir).includes('y.json'));
  });

  test('runs show of a file that is not a journal is an error, not an empty run', async () => {
    const notJournal = tmp.file('notes.jsonl', 'hello\n{"a": 1}\n');
    usageFailure(await run(['runs', 'show', notJournal]), /notes\.jsonl is not a resil run journal/);
    usageFailure(
      await run(['runs', 'show', join(tmp.dir, 'adir-for-runs')]),
      /No run journal at|not a resil run journal/,
    );
  });
});

describe('issue 9: no exit code outside the README table', { concurrency: 2 }, () => {
  const BIN = join(ROOT, 'bin', 'run.js');
  /** Runs the CLI with a module preloaded that crashes it a moment after start. */
  const crashing = (crash: string): Promise<CliResult> =>
    new Promise((done) => {
      execFile(
        process.execPath,
        ['--import', `data:text/javascript,setTimeout(() => { ${crash} }, 300)`, BIN, 'checks', '--json'],
        { cwd: tmp.dir, env: { ...process.env, NODE_NO_WARNINGS: '1' }, timeout: 90_000 },
        (err, stdout, stderr) =>
          done({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
      );
    });

  test('an uncaught exception or unhandled rejection is exit 70 with one line (Node would exit 1, "findings")', async () => {
    for (const crash of ['throw new Error("boom")', 'Promise.reject(new Error("boom"))']) {
      const r = await crashing(crash);
      assert.equal(r.code, 70, `${crash}: ${r.stderr}`);
      assert.match(r.stderr, /^Error: internal error: boom\n→ Run again with --debug/m);
      assert.doesNotMatch(r.stderr, STACK);
    }
  });

  test('what oclif throws: a command exit passes through, anything else is 70', () => {
    assert.equal(exitCodeFor(Object.assign(new Error('EEXIT: 4'), { code: 'EEXIT', oclif: { exit: 4 } })), 4);
    assert.equal(exitCodeFor(new Error('surprise')), undefined);
    const usageLines: string[] = [];
    const usage = Object.assign(new Error('Command nosuch not found.'), { oclif: { exit: 2 } });
    assert.equal(
      exitCodeFor(usage, (s) => usageLines.push(s)),
      2,
      'an oclif usage error from a plugin keeps its code',
    );
    assert.deepEqual(
      usageLines.map((l) => stripVTControlCharacters(l)),
      ['Error: Command nosuch not found.\n'],
    );
    const lines: string[] = [];
    assert.equal(
      reportInternalError(new Error('surprise\u001b[2J'), (s) => lines.push(s)),
      70,
    );
    assert.match(lines.join(''), /^Error: internal error: surprise\uFFFD\[2J\n/);
  });
});
