/**
 * cdktf records where each token was made: every Intrinsic, Lazy, complex
 * attribute and reference captures a stack trace of unlimited depth and
 * formats it at once, to print as "Object creation stack" if the token later
 * fails to resolve. Under ts-node or jest, formatting maps every frame
 * through source maps. A CPU profile of a 100-cluster synth spent half of
 * its time there (about 35,000 captures), and the traces held ~130 MB.
 *
 * While the library builds a cluster and synthesizes the fleet, those
 * captures are left empty. Only captures into plain objects are affected,
 * which is how cdktf and constructs record creation stacks; an Error's stack
 * is formatted exactly as it would have been. A resolution error in the
 * library's own tokens is a library bug; to see where such a token was made,
 * run with CDK_FLEET_CREATION_STACKS=1, which keeps every capture.
 */

type PrepareStackTrace = (error: Error, frames: NodeJS.CallSite[]) => any;

/** The environment variable that keeps cdktf's creation stacks. */
export const KEEP_CREATION_STACKS = 'CDK_FLEET_CREATION_STACKS';

/** The runtime's formatter slot, which is empty unless something (ts-node, jest) fills it. */
const errorConstructor = Error as { prepareStackTrace?: PrepareStackTrace };

let depth = 0;
let previous: PrepareStackTrace | undefined;

/**
 * Runs `build` with cdktf's creation-stack captures left empty, and puts
 * the runtime's stack formatting back afterwards, also when `build` throws.
 */
export function withoutCreationStacks<T>(build: () => T): T {
  const resume = suspendCreationStacks();
  try {
    return build();
  } finally {
    resume();
  }
}

/**
 * Leaves cdktf's creation-stack captures empty until the returned function
 * is called (in a `finally`, for code such as a constructor that cannot run
 * in a callback). Nested suspensions share the outermost one.
 */
export function suspendCreationStacks(): () => void {
  if (depth === 0 && !install()) {
    return () => {};
  }
  depth++;
  let resumed = false;
  return () => {
    if (resumed) {
      return;
    }
    resumed = true;
    depth--;
    if (depth === 0) {
      errorConstructor.prepareStackTrace = previous;
      previous = undefined;
    }
  };
}

function install(): boolean {
  if (process.env[KEEP_CREATION_STACKS] === '1') {
    return false;
  }
  const current = errorConstructor.prepareStackTrace;
  // Node's own source-map formatting (--enable-source-maps) is not reachable
  // from a formatter of ours; leave the runtime as it is then.
  if (current === undefined && (process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled) {
    return false;
  }
  previous = current;
  const format: PrepareStackTrace = current ?? formatLikeNode;
  errorConstructor.prepareStackTrace = (target, frames) => isCreationStackCapture(target) ? '' : format(target, frames);
  return true;
}

/** cdktf and constructs capture creation stacks into a fresh `{ stack: '' }`. */
function isCreationStackCapture(target: unknown): boolean {
  return typeof target === 'object' && target !== null && !(target instanceof Error)
    && Object.getPrototypeOf(target) === Object.prototype;
}

/** Node's formatting when no formatter is installed and source maps are off. */
function formatLikeNode(error: Error, frames: NodeJS.CallSite[]): string {
  let head: string;
  try {
    head = Error.prototype.toString.call(error);
  } catch {
    head = '<error>';
  }
  return frames.length === 0 ? head : `${head}\n    at ${frames.join('\n    at ')}`;
}
