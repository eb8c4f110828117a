/**
 * Escaping for the HTML report: every string that comes from AWS, the config or a baseline goes
 * through esc() before it reaches the page (text or attribute value), so no tag, attribute or script
 * can be injected. Control characters are dropped.
 */
export function esc(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;')
  );
}
