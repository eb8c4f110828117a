/**
 * The browser the HTML report tests drive: Debian's `chromium` package through playwright-core
 * (executablePath; test tools cannot download their own browsers here). Missing is a failure with the
 * way to install it, never a skip: .ci/run installs the package.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = [process.env['RESIL_CHROMIUM'], '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function chromiumPath(): string {
  const found = CANDIDATES.find((p): p is string => !!p && existsSync(p));
  if (!found)
    throw new Error(
      "No chromium found (tried RESIL_CHROMIUM, /usr/bin/chromium, /usr/bin/chromium-browser): install Debian's package " +
        '(sudo apt-get install -y chromium; .ci/run does it). The HTML report tests do not skip.',
    );
  return found;
}

export function launchChromium(): Promise<Browser> {
  // --no-sandbox: CI containers run as root, where chromium's sandbox cannot start.
  return chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'], headless: true });
}
