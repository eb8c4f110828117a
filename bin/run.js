#!/usr/bin/env node
// Exit codes are a contract (README "Exit codes"): a crash is 70 (an internal error), never Node's 1,
// which means "findings" to resil's users. Installed before anything else loads.
const crash = async (err) => {
  try {
    const { reportInternalError } = await import('../dist/cli/main.js');
    process.exit(reportInternalError(err));
  } catch {
    // eslint-disable-next-line no-control-regex
    const text = String(err?.message ?? err).replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
    process.stderr.write(`Error: internal error: ${text}\n`);
    process.exit(70);
  }
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

// resil needs Node.js 20 or newer (package.json "engines"; test/cli/node-version.test.ts keeps the
// two the same). Checked before the bundle loads: it is built for Node 20 and may not even parse on
// an older one, and oclif's own engine warning cannot find its package.json from inside a bundle.
const REQUIRED_NODE_MAJOR = 20;
const nodeMajor = Number(process.versions.node.split('.')[0]);
if (!(nodeMajor >= REQUIRED_NODE_MAJOR)) {
  process.stderr.write(
    `Error: resil needs Node.js ${REQUIRED_NODE_MAJOR} or newer, and this is Node.js ${process.versions.node}. ` +
      `Install Node.js ${REQUIRED_NODE_MAJOR} or newer (https://nodejs.org) and run resil with it.\n`,
  );
  process.exit(2);
}

const { main } = await import('../dist/cli/main.js');
await main(import.meta.url);
