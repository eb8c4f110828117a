import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CATEGORIES, SEVERITIES, STATUSES } from '../../src/checks/define.js';
import { REPORT_SCHEMA_VERSION, renderJson } from '../../src/render/json.js';
import { CONTEXT, FIXTURE } from './fixture.js';
import { assertValid, readGolden, reportValidator } from './support.js';

const validate = reportValidator();
const schema = JSON.parse(
  readFileSync(new URL('../../schemas/audit-report.schema.json', import.meta.url), 'utf8'),
) as {
  $defs: Record<string, { enum?: unknown[] }>;
};

describe('json renderer', () => {
  it('golden output is valid against schemas/audit-report.schema.json', () => {
    assertValid(validate, JSON.parse(readGolden('audit.json')), 'golden audit.json');
  });

  it('live output is valid and carries the documented contract', () => {
    const report = JSON.parse(renderJson(FIXTURE, CONTEXT)) as Record<string, unknown>;
    assertValid(validate, report, 'rendered report');
    assert.deepEqual(Object.keys(report), [
      'schemaVersion',
      'tool',
      'account',
      'regions',
      'capturedAt',
      'startedAt',
      'durationMs',
      'checks',
      'findings',
      'collection',
      'suppressions',
      'summary',
    ]);
    assert.equal(report['schemaVersion'], REPORT_SCHEMA_VERSION);
    assert.deepEqual(report['tool'], { name: 'resil', version: '0.1.0' });
    assert.equal(report['account'], '123456789012');
    assert.equal(report['startedAt'], CONTEXT.startedAt);
    assert.equal(report['durationMs'], 1234);
    const findings = report['findings'] as { status: string; suppressed?: { reason: string } }[];
    assert.equal(findings.length, FIXTURE.findings.length);
    assert.equal(findings.filter((f) => f.suppressed).length, 1);
    const collection = report['collection'] as { status: string; error: unknown }[];
    assert.equal(collection.filter((c) => c.error === null).length, 3, 'ok records carry error: null');
    assert.deepEqual(collection.find((c) => c.status === 'error')?.error, {
      code: 'AccessDenied',
      message:
        'User: arn:aws:sts::123456789012:assumed-role/auditor/ci is not authorized to perform: rds:DescribeDBInstances',
      action: 'rds:DescribeDBInstances',
    });
  });

  it('a finding with an AZ carries its AZ ID (report 1.2), valid against the schema', () => {
    const zonal = {
      ...FIXTURE,
      findings: [
        {
          ...FIXTURE.findings[0]!,
          resource: {
            type: 'AWS::EFS::FileSystem',
            id: 'fs-1',
            region: 'us-east-1',
            az: 'us-east-1a',
            azId: 'use1-az4',
          },
        },
      ],
    };
    const report = JSON.parse(renderJson(zonal, CONTEXT)) as { findings: Array<{ resource: unknown }> };
    assertValid(validate, report, 'report with azId');
    assert.deepEqual(report.findings[0]!.resource, {
      type: 'AWS::EFS::FileSystem',
      id: 'fs-1',
      region: 'us-east-1',
      az: 'us-east-1a',
      azId: 'use1-az4',
    });
  });

  it('schema enums are exactly those of src/checks/define.ts', () => {
    assert.deepEqual(schema.$defs['category']!.enum, [...CATEGORIES]);
    assert.deepEqual(schema.$defs['severity']!.enum, [...SEVERITIES]);
    assert.deepEqual(schema.$defs['status']!.enum, [...STATUSES]);
  });

  it('every property in the schema has a description', () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (n['properties']) {
        for (const [k, v] of Object.entries(n['properties'] as Record<string, Record<string, unknown>>)) {
          if (typeof v['description'] !== 'string' && typeof v['$ref'] !== 'string')
            missing.push(`${path}.${k}`);
          walk(v, `${path}.${k}`);
        }
      }
      for (const key of ['items', '$defs']) {
        const child = n[key];
        if (key === '$defs' && child)
          for (const [k, v] of Object.entries(child as object)) {
            if (typeof (v as Record<string, unknown>)['description'] !== 'string') missing.push(`$defs.${k}`);
            walk(v, `$defs.${k}`);
          }
        else walk(child, `${path}[]`);
      }
    };
    walk(schema, '');
    assert.deepEqual(missing, []);
  });

  it('the schema rejects what the contract forbids', () => {
    const report = JSON.parse(renderJson(FIXTURE, CONTEXT)) as {
      findings: Record<string, unknown>[];
      extra?: number;
    };
    const badStatus = structuredClone(report);
    badStatus.findings[0]!['status'] = 'error';
    assert.equal(validate(badStatus), false, 'unknown status');
    const extra = structuredClone(report);
    extra.extra = 1;
    assert.equal(validate(extra), false, 'undocumented top-level field');
    const noResource = structuredClone(report);
    delete noResource.findings[0]!['resource'];
    assert.equal(validate(noResource), false, 'finding without resource');
  });
});
