// The run core's settings (docs/server.md): loop size limit, leases, retention.
export interface RunSettings {
  /** A loop over a longer list fails at once, naming the step and the size. */
  maxLoopItems?: number;
  /** How long a process's claim on a run holds without renewal (it renews every third of it). */
  leaseMs: number;
  /** Finished runs older than this are deleted with their records and outputs. */
  retentionDays: number;
  /** The same for failed runs (default: retentionDays). */
  retentionFailedDays: number;
}

export const DEFAULT_RUN_SETTINGS: RunSettings = {
  leaseMs: 30_000,
  retentionDays: 30,
  retentionFailedDays: 30,
};

function whole(env: NodeJS.ProcessEnv, name: string, min: number): number | undefined {
  const text = env[name]?.trim();
  if (!text) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be a whole number from ${min}, not "${env[name]}"`);
  return value;
}

export function readRunSettings(env: NodeJS.ProcessEnv = process.env): RunSettings {
  const retentionDays = whole(env, 'STEPWISE_RETENTION_DAYS', 1) ?? 30;
  const leaseSeconds = whole(env, 'STEPWISE_LEASE_SECONDS', 3) ?? 30;
  return {
    maxLoopItems: whole(env, 'STEPWISE_MAX_LOOP_ITEMS', 1),
    leaseMs: leaseSeconds * 1000,
    retentionDays,
    retentionFailedDays: whole(env, 'STEPWISE_RETENTION_FAILED_DAYS', 1) ?? retentionDays,
  };
}
