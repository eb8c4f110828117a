/** Minimal XML 1.0 escaping for the JUnit renderer. */

/** Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF): replaced by U+FFFD. */
const INVALID =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Any character xmlText changes (or might: a surrogate may be lone): text without one is returned as it is. */
const TEXT_SPECIAL =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f&<>\ufffe\uffff\ud800-\udfff]/;
/** The same for xmlAttr, which also changes quotes, newlines and tabs. */
const ATTR_SPECIAL =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f&<>"'\ufffe\uffff\ud800-\udfff]/;

export function xmlText(s: string): string {
  if (!TEXT_SPECIAL.test(s)) return s;
  return s.replace(INVALID, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute value (for double quotes); newlines and tabs are kept as character references. */
export function xmlAttr(s: string): string {
  if (!ATTR_SPECIAL.test(s)) return s;
  return xmlText(s)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}
