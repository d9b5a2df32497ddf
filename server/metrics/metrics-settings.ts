// The metrics settings (docs/server.md): STEPWISE_METRICS (on unless "off", "0" or "false")
// and STEPWISE_METRICS_TOKEN (the Bearer token GET /metrics wants; unset: this machine only).
export interface MetricsSettings {
  enabled: boolean;
  token: string | undefined;
}

/** Shorter tokens are guessable; a start-up error says so rather than guard /metrics with one. */
const MIN_TOKEN_LENGTH = 16;

export function metricsSettings(env: NodeJS.ProcessEnv): MetricsSettings {
  const switch_ = env.STEPWISE_METRICS?.trim().toLowerCase();
  const enabled = !(switch_ === 'off' || switch_ === '0' || switch_ === 'false');
  const token = env.STEPWISE_METRICS_TOKEN?.trim() || undefined;
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH)
    throw new Error(
      `STEPWISE_METRICS_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters (e.g. openssl rand -hex 24), not ${token.length}`,
    );
  return { enabled, token };
}
