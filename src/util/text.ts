/** "1 finding", "3 findings": a count with its noun, for messages and reports. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Characters an AWS- or user-supplied string must not carry into any output (a report in any format,
 * stderr, a prompt, the --json event stream): C0 controls except the newline (ESC, BEL, CR...), DEL,
 * C1 controls (U+0080–U+009F: U+009B is a one-byte CSI), the bidi controls that reorder what a reader
 * sees (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069; U+202E hides `exe.txt` as `txt.exe`), the
 * Unicode line and paragraph separators, and lone surrogates (not encodable).
 */
export const UNSAFE_CHARS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSAFE_GLOBAL = new RegExp(UNSAFE_CHARS.source, 'g');

/**
 * A quick test that a string may need `safeText`: every unsafe character, the tab, and any surrogate
 * (a paired one is harmless: the exact pattern then decides). Most strings pass it, and are then
 * returned as they are, with no copy.
 */
const MAYBE_UNSAFE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]/;

/**
 * True when a text made by `JSON.stringify` shows no string that `safeText` would change. What
 * JSON.stringify writes as it is (DEL, the C1 and bidi controls, U+2028/U+2029) is looked for as
 * such, what it escapes by its escape: the tab, the other C0 controls but the newline (`\b`, `\f`,
 * `\r`, `\u00XX`), and a lone surrogate (`\udXXX`). An escaped backslash followed by such a letter
 * (`\\t`) also answers false: that only costs the caller the slow path.
 */
export function isSafeJsonText(text: string): boolean {
  return !JSON_MAYBE_UNSAFE.test(text);
}
const JSON_MAYBE_UNSAFE =
  /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]|\\[bfrt]|\\u00[01]|\\ud[89a-f]/;

/**
 * A string safe to print anywhere: each unsafe character becomes U+FFFD (so the reader sees that
 * something was there), a tab becomes a space; newlines are kept (renderers lay them out).
 */
export function safeText(s: string): string {
  return isSafeString(s) ? s : s.replace(/\t/g, ' ').replace(UNSAFE_GLOBAL, '\uFFFD');
}

/** True when `safeText(s)` is `s`: no unsafe character and no tab. */
function isSafeString(s: string): boolean {
  return !MAYBE_UNSAFE.test(s) || (!s.includes('\t') && !UNSAFE_CHARS.test(s));
}

/** A plain object or array (what `safeDeep` copies key by key), not a Date, Map or class instance. */
function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * True when `safeDeep(value)` would equal `value`: no string in it, key or value, needs `safeText`,
 * and every object in it is a plain object or an array (anything else is copied into a plain object).
 */
function isSafeDeep(value: unknown): boolean {
  if (typeof value === 'string') return isSafeString(value);
  if (value === null || typeof value !== 'object' || value instanceof Date) return true;
  if (Array.isArray(value)) {
    for (const v of value) if (!isSafeDeep(v)) return false;
    return true;
  }
  if (!isPlain(value)) return false;
  for (const k of Object.keys(value)) {
    if (!isSafeString(k) || !isSafeDeep((value as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/**
 * Plain data (objects, arrays, primitives) with every string, keys included, made safe: the value
 * itself when nothing in it needs a change (the common case, and no copy), otherwise a deep copy.
 * Treat the result as read-only: it may be the value given.
 */
export function safeDeep<T>(value: T): T {
  return isSafeDeep(value) ? value : safeCopy(value);
}

function safeCopy<T>(value: T): T {
  if (typeof value === 'string') return safeText(value) as T;
  if (Array.isArray(value)) return value.map((v) => safeCopy(v)) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    // defineProperty: a key named __proto__ stays a key (assignment would replace the prototype).
    for (const [k, v] of Object.entries(value))
      Object.defineProperty(out, safeText(k), {
        value: safeCopy(v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return out as T;
  }
  return value;
}

/** A word for a POSIX shell: unchanged when it is plain, otherwise in single quotes. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
