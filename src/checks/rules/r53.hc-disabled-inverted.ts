import { defineCheck, fail, pass, warn } from '../define.js';
import { ref } from '../../inventory/query.js';

export default defineCheck({
  id: 'r53.hc-disabled-inverted',
  title: 'Route 53 health check is neither disabled nor inverted',
  category: 'health-check',
  severity: 'high',
  rationale:
    'Route 53 treats a disabled health check as healthy, whatever the endpoint does: a failover record that relies on ' +
    'it never fails over. An inverted health check reports healthy when the endpoint fails and unhealthy when it ' +
    'works; that is occasionally intended (e.g. a maintenance-page switch), so it warns unless the health check is ' +
    'listed in allowInverted.',
  remediation: {
    text: 'Re-enable the health check and clear the inverted flag (or list an intentional inversion in allowInverted).',
    cli: 'aws route53 update-health-check --health-check-id <id> --no-disabled --no-inverted',
    terraform:
      'resource "aws_route53_health_check" "app" {\n  disabled           = false\n  invert_healthcheck = false\n}',
  },
  thresholds: { allowInverted: [] as string[] },
  thresholdDocs: { allowInverted: 'Health-check ids that are inverted on purpose (no warning).' },
  source:
    'Route 53 docs (UpdateHealthCheck: Disabled — "Route 53 considers the status of the health check to always be healthy"; Inverted)',
  requires: ['route53:ListHealthChecks'],
  evaluate: (inv, t) => {
    const allowed = new Set(
      Array.isArray(t.allowInverted)
        ? t.allowInverted
        : typeof t.allowInverted === 'string'
          ? [t.allowInverted]
          : [],
    );
    return inv.route53.healthChecks.map((h) => {
      const r = ref.healthCheck(h);
      const label = r.name === h.id ? `Health check ${h.id}` : `Health check ${h.id} (${r.name})`;
      const evidence = { disabled: h.disabled, inverted: h.inverted, allowInverted: allowed.has(h.id) };
      if (h.disabled) {
        return fail(
          r,
          `${label} is disabled${h.inverted ? ' (and inverted)' : ''}: Route 53 treats it as healthy, so failover never fires`,
          evidence,
        );
      }
      if (h.inverted && !allowed.has(h.id)) {
        return warn(
          r,
          `${label} is inverted: it reports healthy when the endpoint fails (list it in allowInverted if intended)`,
          evidence,
        );
      }
      if (h.inverted) return pass(r, `${label} is inverted, as allowed by allowInverted`, evidence);
      return pass(r, `${label} is enabled and not inverted`, evidence);
    });
  },
});
