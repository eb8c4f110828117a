/** URLs given on the command line: validated before use, and never recorded with credentials. */
import { usageError } from './errors.js';

/**
 * The URL without its userinfo (`http://user:PASS@host` → `http://host`), for everything that is
 * recorded (snapshots, journals) or shown (messages). Otherwise unchanged, character for character.
 */
export function redactUrl(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1');
}

/**
 * --endpoint-url must be an absolute http(s) URL with a host: anything else would send every request
 * nowhere and turn a typo into an audit with every check skipped (exit 3). Throws a usage error.
 */
export function parseEndpointUrl(raw: string, flag = '--endpoint-url'): string {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    throw usageError(
      `${flag} ${JSON.stringify(redactUrl(raw))} is not an http(s) URL.`,
      `Give the scheme, host and port, e.g. ${flag} https://vpce-0abc.rds.us-east-1.vpce.amazonaws.com or ${flag} http://127.0.0.1:5000.`,
    );
  }
  return raw;
}
