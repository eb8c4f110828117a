/**
 * `resil failover` with several runbooks.dns records in .resil.yml: records of different hosted
 * zones are refused with exit 2 before any AWS call, naming the zones and the per-zone way.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertBuilt, cli, STACK, tempDir } from './run-cli.js';

const tmp = tempDir();
before(() => assertBuilt());
after(() => tmp.cleanup());

test('runbooks.dns records in two hosted zones: exit 2 before any AWS call, with --skip-dns and resil cutover per zone', async () => {
  const config = tmp.file(
    'cross-zone.yml',
    [
      'runbooks:',
      '  dns:',
      '    - { zone: example.com, record: api.example.com }',
      '    - { zone: example.com, record: db.example.com }',
      '    - { zone: example.org, record: www.example.org }',
      '',
    ].join('\n'),
  );
  // An endpoint that answers nothing: any AWS call would end in exit 4, not 2.
  const r = await cli(
    [
      'failover',
      '--to',
      'us-west-2',
      '--dry-run',
      '--config',
      config,
      '--endpoint-url',
      'http://127.0.0.1:9',
    ],
    {
      cwd: tmp.dir,
      env: {
        RESIL_HOME: tmp.dir,
        AWS_ACCESS_KEY_ID: 'x',
        AWS_SECRET_ACCESS_KEY: 'x',
        AWS_REGION: 'us-east-1',
      },
    },
  );
  assert.equal(r.code, 2, r.stderr);
  assert.match(
    r.stderr,
    /in 2 hosted zones: example\.com\.: api\.example\.com, db\.example\.com; example\.org\.: www\.example\.org/,
  );
  assert.match(r.stderr, /--skip-dns/);
  assert.match(r.stderr, /--zone example\.org\. --record www\.example\.org/);
  assert.doesNotMatch(r.stderr, STACK);
});

test('runbooks.dns records of one zone and --value: exit 2 (the value would apply to every record)', async () => {
  const config = tmp.file(
    'one-zone.yml',
    [
      'runbooks:',
      '  dns:',
      '    - { zone: example.com, record: api.example.com }',
      '    - { zone: example.com, record: www.example.com }',
      '',
    ].join('\n'),
  );
  const r = await cli(
    [
      'failover',
      '--to',
      'us-west-2',
      '--dry-run',
      '--config',
      config,
      '--value',
      'x.example.com',
      '--endpoint-url',
      'http://127.0.0.1:9',
    ],
    {
      cwd: tmp.dir,
      env: {
        RESIL_HOME: tmp.dir,
        AWS_ACCESS_KEY_ID: 'x',
        AWS_SECRET_ACCESS_KEY: 'x',
        AWS_REGION: 'us-east-1',
      },
    },
  );
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /--value would apply to all 2 DNS records/);
  assert.doesNotMatch(r.stderr, STACK);
});
