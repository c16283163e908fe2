import { FleetError } from './_internal/fleet-error';

/**
 * Recognising cdk-fleet's errors.
 */
export class FleetErrors {
  /** Whether an error was thrown by cdk-fleet's validation. */
  public static isFleetError(error: any): boolean {
    return error instanceof FleetError;
  }

  private constructor() {}
}
