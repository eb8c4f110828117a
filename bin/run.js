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

const { main } = await import('../dist/cli/main.js');
await main(import.meta.url);
