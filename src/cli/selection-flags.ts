import { Flags } from '@oclif/core';
import { CATEGORIES, SEVERITIES } from '../checks/define.js';

/** Check selection, shared by `resil audit` and `resil iam-policy audit` (the same checks, the same words). */
export const selectionFlags = {
  checks: Flags.string({
    summary: 'Run only these checks: ids or globs, comma-separated (e.g. tg.*,asg.multi-az).',
    multiple: true,
    delimiter: ',',
    helpGroup: 'SELECTION',
  }),
  'exclude-checks': Flags.string({
    summary: 'Leave out these checks: ids or globs, comma-separated.',
    multiple: true,
    delimiter: ',',
    helpGroup: 'SELECTION',
  }),
  category: Flags.string({
    summary: 'Run only the checks in these categories (repeat or comma-separate).',
    options: [...CATEGORIES],
    multiple: true,
    delimiter: ',',
    helpGroup: 'SELECTION',
  }),
  'min-severity': Flags.string({
    summary: 'Run only checks, and keep only findings, at or above this severity.',
    options: [...SEVERITIES],
    helpGroup: 'SELECTION',
  }),
};
