/** A rollout wave: pipelines apply wave 1 first, then wave 2, and so on. */
export interface WaveOptions {
  /** Wave name, a DNS label (e.g. `canary`). */
  readonly name: string;
  /** What the wave is for; shown in the report. @default - none */
  readonly description?: string;
  /**
   * Minutes the pipeline waits after the wave is healthy, then checks every
   * cluster of the wave again, before the next wave's gate (at most 300:
   * a GitHub-hosted job runs for 6 hours at most).
   * @default 0 - the next wave's gate follows at once
   */
  readonly soakMinutes?: number;
}

/** A wave of the fleet with its place in the order. */
export interface Wave {
  /** 1-based position: wave 1 rolls out first. */
  readonly number: number;
  readonly name: string;
  readonly description?: string;
  /** Minutes the pipeline soaks the wave before the next one (0: none). */
  readonly soakMinutes: number;
}
