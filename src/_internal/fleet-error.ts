import { IConstruct } from 'constructs';
import { describeProblem } from './describe';

/**
 * The one error class of cdk-fleet. (TypeScript-only: jsii cannot expose a
 * subclass of the built-in `Error`; `FleetErrors.isFleetError` is the public test.)
 *
 * Every message starts with the construct path of the construct at fault, so
 * that a platform engineer can find the line of code that caused it; the rest
 * names the property, the bad value and how to fix it.
 */
export class FleetError extends Error {
  /**
   * An error about one property of a construct.
   *
   * @param scope the construct whose props are wrong
   * @param property the property name as the user wrote it (e.g. `nodePools[0].max`)
   * @param value the bad value, shown as JSON
   * @param problem what is wrong, e.g. `must be a DNS-1123 label`
   * @param fix how to fix it, e.g. `use lower-case letters, digits and '-'`
   */
  public static invalidProperty(scope: IConstruct, property: string, value: any, problem: string, fix: string): FleetError {
    return new FleetError(scope, describeProblem(property, value, problem, fix));
  }

  /**
   * An error about an add-on's options, which have no construct yet: the
   * message starts with `add-on '<id>'` instead of a construct path.
   */
  public static invalidAddOnOption(addOnId: string, property: string, value: any, problem: string, fix: string): FleetError {
    return new FleetError(`add-on '${addOnId}'`, describeProblem(property, value, problem, fix));
  }

  /** The construct path the error is about (for add-on options: `add-on '<id>'`). */
  public readonly constructPath: string;

  constructor(scope: IConstruct | string, message: string) {
    const where = typeof scope === 'string' ? scope : scope.node.path || '<root>';
    super(`${where}: ${message}`);
    this.name = 'FleetError';
    this.constructPath = typeof scope === 'string' ? scope : scope.node.path;
    Object.setPrototypeOf(this, FleetError.prototype);
  }
}
