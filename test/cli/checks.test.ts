/** `resil checks` and `resil checks explain` as subprocesses. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { assertBuilt, cli, STACK, tempDir } from './run-cli.js';

const tmp = tempDir();
before(() => {
  assertBuilt();
  // Picked up from the working directory by `checks explain`.
  tmp.file('.resil.yml', 'checks:\n  tg.detection-time:\n    maxDetectionSeconds: 45\n');
});
after(() => tmp.cleanup());

describe('resil checks (subprocess)', { concurrency: 3 }, () => {
  test('--json is the full, stable list', async () => {
    const r = await cli(['checks', '--json'], { cwd: tmp.dir });
    assert.equal(r.code, 0, r.stderr);
    const list = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    assert.equal(list.length, ALL_CHECKS.length);
    const tg = list.find((c) => c['id'] === 'tg.detection-time')!;
    assert.deepEqual(Object.keys(tg), [
      'id',
      'title',
      'category',
      'severity',
      'rationale',
      'thresholds',
      'remediation',
      'source',
      'requires',
    ]);
    assert.deepEqual(tg['thresholds'], {
      maxDetectionSeconds: {
        default: 30,
        description: 'Longest acceptable interval × unhealthy threshold, in seconds.',
      },
    });
    assert.deepEqual(tg['requires'], ['elasticloadbalancing:DescribeTargetGroups']);
  });

  test('the table lists id, category, severity and title; --category filters', async () => {
    const [all, dns] = await Promise.all([
      cli(['checks'], { cwd: tmp.dir }),
      cli(['checks', '--category', 'dns', '--json'], { cwd: tmp.dir }),
    ]);
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stdout, /^ID\s+CATEGORY\s+SEVERITY\s+TITLE$/m);
    assert.match(
      all.stdout,
      /^tg\.detection-time\s+health-check\s+medium\s+Target group notices a dead target fast enough$/m,
    );
    assert.equal(dns.code, 0, dns.stderr);
    assert.ok((JSON.parse(dns.stdout) as Array<{ category: string }>).every((c) => c.category === 'dns'));
  });

  test('explain prints rationale, thresholds in effect, remediation and IAM actions', async () => {
    const r = await cli(['checks', 'explain', 'tg.detection-time'], { cwd: tmp.dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Why it matters\n\s+A load balancer keeps sending requests/);
    assert.match(r.stdout, /maxDetectionSeconds = 45 \s*\(from \.resil\.yml; default 30\)/);
    assert.match(r.stdout, /aws elbv2 modify-target-group/);
    assert.match(r.stdout, /resource "aws_lb_target_group"/);
    assert.match(r.stdout, /Needs \(IAM\): elasticloadbalancing:DescribeTargetGroups/);
  });

  test('explain: an unknown id exits 2 with a suggestion', async () => {
    const r = await cli(['checks', 'explain', 'tg.detecton-time'], { cwd: tmp.dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Unknown check tg\.detecton-time\. Did you mean tg\.detection-time\?/);
    assert.doesNotMatch(r.stderr, STACK);
  });
});
