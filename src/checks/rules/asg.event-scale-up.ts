import { defineCheck, pass, skipped, warn } from '../define.js';
import { eachRegional, ref } from '../../inventory/query.js';
import type { ScheduledAction } from '../../inventory/schema.js';

/** Parses YYYY-MM-DD (or a full ISO time) as the start of that UTC day; undefined when not a date. */
function parseEventDate(value: string): number | undefined {
  const t = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00.000Z` : value).getTime();
  return Number.isNaN(t) ? undefined : t;
}

export default defineCheck({
  id: 'asg.event-scale-up',
  title: 'Auto Scaling group scales up before the peak event',
  category: 'scaling',
  severity: 'medium',
  rationale:
    'Reactive scaling lags a sudden peak (Black Friday, a launch) by minutes, and an AZ failure during the peak leaves ' +
    'even less room. Capacity for a known event should already be there: a scheduled action that raises the minimum or ' +
    'desired capacity before the event, or predictive scaling that forecasts it. Only runs when eventDate is set.',
  remediation: {
    text: "Schedule a scale-up (MinSize/DesiredCapacity above today's desired) to start before the event, and a scale-down after it.",
    cli:
      'aws autoscaling put-scheduled-update-group-action --auto-scaling-group-name <asg> --scheduled-action-name event-scale-up ' +
      '--start-time <YYYY-MM-DDT06:00:00Z> --min-size <n> --desired-capacity <n>',
    terraform:
      'resource "aws_autoscaling_schedule" "event_scale_up" {\n' +
      '  scheduled_action_name  = "event-scale-up"\n' +
      '  autoscaling_group_name = aws_autoscaling_group.app.name\n' +
      '  start_time             = "2026-11-26T06:00:00Z"\n' +
      '  min_size               = 12\n' +
      '  desired_capacity       = 12\n' +
      '  max_size               = 24\n' +
      '}',
  },
  thresholds: { eventDate: null as string | null },
  thresholdDocs: {
    eventDate:
      'Date of the peak event, YYYY-MM-DD (UTC). Shared with the top-level eventDate setting. Unset: the check reports nothing.',
  },
  source: 'heuristic; EC2 Auto Scaling docs (scheduled scaling, predictive scaling)',
  requires: [
    'autoscaling:DescribeAutoScalingGroups',
    'autoscaling:DescribePolicies',
    'autoscaling:DescribeScheduledActions',
  ],
  evaluate: (inv, t) => {
    if (t.eventDate === null || t.eventDate === '') return [];
    const groups = eachRegional(inv, 'autoScalingGroups');
    const event = parseEventDate(t.eventDate);
    if (event === undefined) {
      return groups.map(({ region, item: g }) =>
        skipped(ref.asg(region, g), `eventDate "${t.eventDate}" is not a date (expected YYYY-MM-DD)`, {
          eventDate: t.eventDate,
        }),
      );
    }
    const now = new Date(inv.capturedAt).getTime();
    if (event <= now) return [];
    return groups.map(({ region, item: g }) => {
      const raises = (a: ScheduledAction): boolean =>
        (a.minSize ?? 0) > g.desiredCapacity || (a.desiredCapacity ?? 0) > g.desiredCapacity;
      const inTime = (a: ScheduledAction): boolean => {
        if (!a.startTime) return false;
        const s = new Date(a.startTime).getTime();
        return !Number.isNaN(s) && s >= now && s < event;
      };
      const actions = g.scheduledActions.filter((a) => raises(a) && inTime(a));
      const predictive = g.scalingPolicies.filter((p) => p.enabled && p.type === 'PredictiveScaling');
      const evidence = {
        eventDate: t.eventDate,
        capturedAt: inv.capturedAt,
        desiredCapacity: g.desiredCapacity,
        scaleUpActions: actions.map((a) => ({
          name: a.name,
          startTime: a.startTime,
          ...(a.minSize !== undefined ? { minSize: a.minSize } : {}),
          ...(a.desiredCapacity !== undefined ? { desiredCapacity: a.desiredCapacity } : {}),
        })),
        predictivePolicies: predictive.map((p) => p.name),
        scheduledActions: g.scheduledActions.length,
      };
      const resource = ref.asg(region, g);
      const first = [...actions].sort((a, b) => (a.startTime ?? '').localeCompare(b.startTime ?? ''))[0];
      if (first) {
        const sizes = [
          first.minSize !== undefined ? `min ${first.minSize}` : undefined,
          first.desiredCapacity !== undefined ? `desired ${first.desiredCapacity}` : undefined,
        ]
          .filter(Boolean)
          .join(' / ');
        return pass(
          resource,
          `${g.name} scales up to ${sizes} (from desired ${g.desiredCapacity}) at ${first.startTime} with ${first.name}, before ${t.eventDate}`,
          evidence,
        );
      }
      if (predictive.length > 0) {
        return pass(
          resource,
          `${g.name} has predictive scaling (${predictive.map((p) => p.name).join(', ')}) ahead of ${t.eventDate}`,
          evidence,
        );
      }
      return warn(
        resource,
        `${g.name}: no scale-up scheduled before ${t.eventDate} (desired ${g.desiredCapacity}; no scheduled action raising ` +
          'min or desired capacity between now and then, and no predictive scaling policy)',
        evidence,
      );
    });
  },
});
