/** Issue 9 items 10 and 12: --endpoint-url is validated, and never recorded with its credentials. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeSession } from '../../src/runbooks/cli-support.js';
import { ResilError } from '../../src/util/errors.js';
import { parseEndpointUrl, redactUrl } from '../../src/util/url.js';

test('redactUrl: the userinfo goes, nothing else changes', () => {
  assert.equal(redactUrl('http://user:PASS@127.0.0.1:5000'), 'http://127.0.0.1:5000');
  assert.equal(redactUrl('https://PASS@host/path?q=1'), 'https://host/path?q=1');
  assert.equal(redactUrl('http://a:b%40c@h:1/x@y'), 'http://h:1/x@y', 'an @ after the host stays');
  assert.equal(redactUrl('http://127.0.0.1:5000'), 'http://127.0.0.1:5000');
});

test('parseEndpointUrl: http(s) with a host only; the message never shows the password', () => {
  assert.equal(
    parseEndpointUrl('https://rds.us-east-1.amazonaws.com'),
    'https://rds.us-east-1.amazonaws.com',
  );
  assert.equal(parseEndpointUrl('http://127.0.0.1:5000/'), 'http://127.0.0.1:5000/');
  for (const bad of [
    'not a url',
    'localhost:5000',
    'ftp://h',
    'http://',
    'file:///etc/passwd',
    'ftp://u:PASS@h',
  ]) {
    assert.throws(
      () => parseEndpointUrl(bad),
      (e: unknown) =>
        e instanceof ResilError &&
        e.exitCode === 2 &&
        /is not an http\(s\) URL/.test(e.message) &&
        !/PASS/.test(e.message),
      bad,
    );
  }
});

test('a runbook session journals the endpoint without credentials (the gateway still gets them)', () => {
  const { session, dispose } = makeSession(
    {
      yes: true,
      'dry-run': true,
      force: false,
      'allow-data-loss': false,
      'wait-ttl': true,
      json: true,
      'max-attempts': 1,
      'endpoint-url': 'http://user:PASS@127.0.0.1:9',
    },
    undefined,
    'failover',
  );
  try {
    assert.deepEqual(session.connection, { endpointUrl: 'http://127.0.0.1:9' });
    assert.doesNotMatch(JSON.stringify(session.connection), /PASS/);
  } finally {
    dispose();
  }
});
