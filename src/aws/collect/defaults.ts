/**
 * Collection defaults the commands show in their flags. Kept apart from the collectors, so a command
 * can name them without loading the AWS SDK (an audit of a snapshot file never needs it).
 */

/** Capacity-demand history of Auto Scaling groups, in days. */
export const DEFAULT_HISTORY_DAYS = 14;

/** Replication-lag window, in seconds. */
export const DEFAULT_LAG_WINDOW_SECONDS = 3600;
