/**
 * The GitHub Action and its documented workflow: action.yml is valid Action metadata (SchemaStore's
 * github-action schema, as embedded in the @action-validator/core devDependency), the workflow in
 * docs/ci.md is a valid workflow (SchemaStore's github-workflow schema, likewise), and the two agree: every input the docs pass and every output
 * they read exists, every input and output is documented, and the scripts action.yml runs exist.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { parse } from 'yaml';
import { ROOT } from '../../scripts/gen-docs.js';

// A CommonJS package (WebAssembly inside): SchemaStore's action and workflow schemas, from the npm registry.
const validator = createRequire(import.meta.url)('@action-validator/core') as {
  validateAction(src: string): { errors: unknown[] };
  validateWorkflow(src: string): { errors: unknown[] };
};

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
/** The schema errors of a document (an object is given as YAML, which is a superset of JSON). */
const actionErrors = (doc: unknown) => validator.validateAction(JSON.stringify(doc)).errors;
const workflowErrors = (doc: unknown) => validator.validateWorkflow(JSON.stringify(doc)).errors;

interface ActionYml {
  name: string;
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: {
    using: string;
    steps: Array<{ id?: string; uses?: string; run?: string; with?: Record<string, string>; if?: string }>;
  };
}

const action = parse(read('action.yml')) as ActionYml;
const ciDoc = read('docs/ci.md');
const yamlBlocks = [...ciDoc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
const workflowText = yamlBlocks.find((b) => /^jobs:/m.test(b));

test('action.yml: valid against the GitHub Action metadata schema (SchemaStore)', () => {
  assert.deepEqual(validator.validateAction(read('action.yml')).errors, []);
  assert.deepEqual(actionErrors(action), []);
  assert.equal(action.runs.using, 'composite');
  // The schema is strict enough to catch a typo.
  assert.notDeepEqual(actionErrors({ ...action, runs: { ...action.runs, using: 'composit' } }), []);
  assert.notDeepEqual(
    actionErrors({ ...action, inputs: { regions: { default: '' } } }),
    [],
    'an input needs a description',
  );
});

test('action.yml: the inputs the issue names, OIDC through aws-actions/configure-aws-credentials, report paths as outputs', () => {
  for (const input of ['regions', 'role-to-assume', 'fail-on', 'formats'])
    assert.ok(action.inputs[input], `input ${input}`);
  assert.equal(action.inputs['fail-on']!.default, 'high');
  const oidc = action.runs.steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
  assert.ok(oidc, 'a configure-aws-credentials step');
  assert.equal(oidc.with?.['role-to-assume'], '${{ inputs.role-to-assume }}');
  for (const output of ['sarif', 'junit', 'markdown', 'json', 'snapshot', 'exit-code'])
    assert.match(action.outputs[output]!.value, /^\$\{\{ steps\.audit\.outputs\.[a-z-]+ \}\}$/, output);
  // Inputs reach shell code only through env, never pasted into it (script injection).
  for (const s of action.runs.steps) if (s.run) assert.doesNotMatch(s.run, /\$\{\{/, `step ${s.id ?? s.run}`);
});

test('action.yml: every expression names a declared input, and every script it runs exists', () => {
  const text = read('action.yml');
  for (const m of text.matchAll(/inputs\.([a-z-]+)/g))
    assert.ok(action.inputs[m[1]!], `inputs.${m[1]} is declared`);
  for (const m of text.matchAll(/\$GITHUB_ACTION_PATH\/([\w./-]+)/g))
    assert.ok(existsSync(join(ROOT, m[1]!)), `${m[1]} exists`);
});

test('docs/ci.md: the workflow is a valid GitHub workflow (SchemaStore) and uses the action as declared', () => {
  assert.ok(workflowText, 'docs/ci.md has a complete workflow (a yaml block with jobs:)');
  const workflow = parse(workflowText) as {
    jobs: Record<string, { steps: Array<{ uses?: string; with?: Record<string, unknown>; id?: string }> }>;
  };
  assert.deepEqual(validator.validateWorkflow(workflowText).errors, []);
  assert.notDeepEqual(
    workflowErrors({ ...workflow, permissions: { 'id-token': 'yes' } }),
    [],
    'the schema is not a no-op',
  );

  const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
  const resil = steps.find((s) => s.uses === 'OWNER/resil@v1');
  assert.ok(resil, 'a step uses the action');
  for (const k of Object.keys(resil.with ?? {})) assert.ok(action.inputs[k], `input ${k} is declared`);
  for (const m of workflowText.matchAll(/steps\.resil\.outputs\.([a-z-]+)/g))
    assert.ok(action.outputs[m[1]!], `output ${m[1]} is declared`);
  const uses = steps.map((s) => s.uses ?? '');
  for (const wanted of [
    'github/codeql-action/upload-sarif@',
    'mikepenz/action-junit-report@',
    'marocchino/sticky-pull-request-comment@',
  ])
    assert.ok(
      uses.some((u) => u.startsWith(wanted)),
      wanted,
    );
  assert.match(workflowText, /id-token: write/);
  assert.match(workflowText, /security-events: write/);
});

test('docs/ci.md: the five-line snippet is one step, and every input and output is documented', () => {
  const snippet = yamlBlocks[0]!;
  assert.equal(snippet.trimEnd().split('\n').length, 5);
  const step = (parse(snippet) as Array<{ uses: string; with: Record<string, string> }>)[0]!;
  assert.equal(step.uses, 'OWNER/resil@v1');
  for (const k of Object.keys(step.with)) assert.ok(action.inputs[k], k);
  for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)])
    assert.ok(ciDoc.includes(`\`${name}\``), `docs/ci.md documents ${name}`);
});
