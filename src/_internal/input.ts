import type { IConstruct } from 'constructs';
import { describeProblem } from './describe';
import { FleetError } from './fleet-error';

/**
 * Run-time checks of what a caller passes, as JavaScript callers pass it:
 * types are not enough (no props at all, `null`, the string `'false'` from
 * an environment variable, a name where an object belongs). Each answers in
 * the fleet's error format: path, property, value and fix.
 */

/** An object, not null and not an array: what props, options and Helm values are. */
export function isPlainObject(value: unknown): value is { [key: string]: any } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Props must be an object; `example` shows a call that works. */
export function requireProps<T>(scope: IConstruct, props: T | null | undefined, example: string): T {
  if (!isPlainObject(props)) {
    throw FleetError.invalidProperty(scope, 'props', props, 'must be an object of properties', `pass them, e.g. ${example}`);
  }
  return props;
}

/**
 * Props checked before the construct exists (a constructor that needs them
 * for `super`): the error names the path the construct would have had.
 */
export function requirePropsOf<T>(scope: IConstruct, id: string, props: T | null | undefined, example: string): T {
  if (!isPlainObject(props)) {
    const path = scope?.node?.path ? `${scope.node.path}/${id}` : id;
    throw new FleetError(path, describeProblem('props', props, 'must be an object of properties', `pass them, e.g. ${example}`));
  }
  return props;
}

/** Options of a method must be an object. */
export function requireOptions<T>(scope: IConstruct, where: string, options: T | null | undefined, example: string): T {
  if (!isPlainObject(options)) {
    throw FleetError.invalidProperty(scope, where, options, 'must be an object of options', `pass them, e.g. ${example}`);
  }
  return options;
}

/**
 * An optional flag must be a boolean: the string `'false'` (say, from an
 * environment variable) is truthy in JavaScript and would turn it on.
 */
export function checkOptionalBoolean(scope: IConstruct, property: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw FleetError.invalidProperty(scope, property, value, 'must be true or false',
      typeof value === 'string'
        ? `pass a boolean, not a string: a string is always truthy (e.g. ${property.split('.').pop()}: process.env.X === 'true')`
        : `pass true or false, or leave ${property.split('.').pop()} out`);
  }
}

/** An add-on's options, when given, must be an object (a JavaScript caller may pass null or a string). */
export function checkAddOnOptions(addOnId: string, options: unknown, required = false): void {
  if (options === undefined ? required : !isPlainObject(options)) {
    throw FleetError.invalidAddOnOption(addOnId, 'options', options, 'must be an object of options',
      `pass them as an object, e.g. new ${addOnId.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('')}({ … })${required ? '' : ', or no argument'}`);
  }
}
