/**
 * Issue 9 item 9: when retries run out on throttling or a server error, the "Audit incomplete" line
 * says what happened (throttled: retry later or lower --concurrency), not "grant the permissions".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectionErrorKind } from '../../src/aws/collect/context.js';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { incompleteNote } from '../../src/commands/audit.js';
import { runAudit } from '../../src/engine/audit.js';
import type { CollectionRecord } from '../../src/inventory/schema.js';
import { denied, inventory } from '../support/builders.js';

function failed(service: string, operation: string, region: string, code: string): CollectionRecord {
  return {
    service,
    region,
    operation,
    status: 'error',
    error: { code, message: `${code} (test)`, action: `${service}:${operation}` },
  };
}

function note(collection: CollectionRecord[]): string {
  const inv = inventory({ 'us-east-1': {}, 'us-west-2': {} }, { collection });
  return incompleteNote(runAudit(inv, ALL_CHECKS, { config: {}, failOn: 'high', now: new Date() }));
}

test('error kinds: access, throttling, server, other', () => {
  for (const c of ['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation'])
    assert.equal(collectionErrorKind(c), 'access', c);
  for (const c of [
    'Throttling',
    'ThrottlingException',
    'RequestLimitExceeded',
    'TooManyRequestsException',
    'SlowDown',
    'RequestThrottled',
  ])
    assert.equal(collectionErrorKind(c), 'throttling', c);
  for (const c of [
    'InternalFailure',
    'InternalError',
    'ServiceUnavailable',
    'InternalServerError',
    'HTTP503',
  ])
    assert.equal(collectionErrorKind(c), 'server', c);
  for (const c of ['TimeoutError', 'ValidationError', 'Error'])
    assert.equal(collectionErrorKind(c), 'other', c);
});

test('throttling only: says throttled, retry later or lower --concurrency; never "grant the permissions"', () => {
  const n = note([failed('elasticloadbalancing', 'DescribeTargetGroups', 'us-east-1', 'Throttling')]);
  assert.match(n, /Audit incomplete/);
  assert.match(n, /throttl/i);
  assert.match(n, /retry later/i);
  assert.match(n, /--concurrency/);
  assert.doesNotMatch(n, /Grant the missing permissions/);
});

test('server errors only: says AWS answered with server errors; retry later', () => {
  const n = note([failed('rds', 'DescribeDBClusters', 'us-west-2', 'ServiceUnavailable')]);
  assert.match(n, /server error/i);
  assert.match(n, /retry later/i);
  assert.doesNotMatch(n, /Grant the missing permissions/);
});

test('access denied only: still "grant the missing permissions"', () => {
  const n = note([denied('rds', 'DescribeDBClusters', 'us-west-2')]);
  assert.match(n, /Grant the missing permissions/);
  assert.doesNotMatch(n, /throttl/i);
});

test('mixed: each cause gets its own advice', () => {
  const n = note([
    denied('rds', 'DescribeDBClusters', 'us-west-2'),
    failed('elasticloadbalancing', 'DescribeTargetGroups', 'us-east-1', 'ThrottlingException'),
  ]);
  assert.match(n, /Grant the missing permissions/);
  assert.match(n, /--concurrency/);
});
