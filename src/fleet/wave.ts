/** A rollout wave: pipelines apply wave 1 first, then wave 2, and so on. */
export interface WaveOptions {
  /** Wave name, a DNS label (e.g. `canary`). */
  readonly name: string;
  /** What the wave is for; shown in the report. @default - none */
  readonly description?: string;
}

/** A wave of the fleet with its place in the order. */
export interface Wave {
  /** 1-based position: wave 1 rolls out first. */
  readonly number: number;
  readonly name: string;
  readonly description?: string;
}
