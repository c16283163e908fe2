import { Lazy, Tokenization } from 'cdktf';
import { KEEP_CREATION_STACKS, withoutCreationStacks } from '../../src/_internal/creation-stacks';
import { addAws, addAzure, emptyFleet } from '../support/fixtures';

type Formatter = ((error: Error, frames: NodeJS.CallSite[]) => any) | undefined;
const errorConstructor = Error as { prepareStackTrace?: Formatter };

/** What cdktf's captureStackTrace keeps: the formatted stack of a fresh plain object. */
function captureLikeCdktf(): string {
  const target = { stack: '' };
  Error.captureStackTrace(target);
  return target.stack;
}

/** The creation stack cdktf recorded for the first token in a string. */
function creationStackOf(value: string): string[] {
  const token = Tokenization.reverseString(value).firstToken as unknown as { creationStack: string[] } | undefined;
  if (!token) {
    throw new Error(`no token in ${value}`);
  }
  return token.creationStack;
}

describe('cdktf creation stacks while the library works', () => {
  afterEach(() => {
    delete process.env[KEEP_CREATION_STACKS];
  });

  test('captures into plain objects are empty inside the scope and complete outside it', () => {
    expect(captureLikeCdktf()).toContain('creation-stacks.test');
    expect(withoutCreationStacks(() => captureLikeCdktf())).toBe('');
    expect(captureLikeCdktf()).toContain('creation-stacks.test');
  });

  test("an Error's stack is formatted by the runtime's formatter, inside the scope too", () => {
    const formatter: Formatter = (error, frames) => `formatted ${error.message} over ${frames.length} frames`;
    const before = errorConstructor.prepareStackTrace;
    errorConstructor.prepareStackTrace = formatter;
    try {
      const inside = withoutCreationStacks(() => new Error('inside').stack);
      expect(inside).toMatch(/^formatted inside over \d+ frames$/);
      expect(errorConstructor.prepareStackTrace).toBe(formatter);
    } finally {
      errorConstructor.prepareStackTrace = before;
    }
  });

  test("with no formatter installed, an Error's stack reads as Node writes it", () => {
    const before = errorConstructor.prepareStackTrace;
    errorConstructor.prepareStackTrace = undefined;
    try {
      const inside = withoutCreationStacks(() => new TypeError('bad value').stack!);
      expect(inside.split('\n')[0]).toBe('TypeError: bad value');
      expect(inside.split('\n').slice(1).every((line) => line.startsWith('    at '))).toBe(true);
      expect(inside).toContain('creation-stacks.test');
      expect(errorConstructor.prepareStackTrace).toBeUndefined();
    } finally {
      errorConstructor.prepareStackTrace = before;
    }
  });

  test('the formatter is put back when the work throws, and nested scopes share the outer one', () => {
    const before = errorConstructor.prepareStackTrace;
    expect(() => withoutCreationStacks(() => {
      withoutCreationStacks(() => undefined);
      expect(captureLikeCdktf()).toBe('');
      throw new Error('failed while building');
    })).toThrow('failed while building');
    expect(errorConstructor.prepareStackTrace).toBe(before);
    expect(captureLikeCdktf()).not.toBe('');
  });

  test(`${KEEP_CREATION_STACKS}=1 keeps every capture`, () => {
    process.env[KEEP_CREATION_STACKS] = '1';
    expect(withoutCreationStacks(() => captureLikeCdktf())).toContain('creation-stacks.test');
  });

  test("the clusters' tokens carry no creation stack; the user's own tokens keep theirs", () => {
    const { fleet } = emptyFleet();
    const aws = addAws(fleet, 'prod-use1', 'us-east-1', '10.10.0.0/16');
    const azure = addAzure(fleet, 'prod-weu', 'westeurope', '10.20.0.0/16');
    const own = Lazy.stringValue({ produce: () => 'mine' });
    // References the library wired while it built the clusters (the `…Input` getters return the configuration as given).
    expect(creationStackOf(aws.oidcProvider.urlInput!)).toEqual([]);
    expect(creationStackOf(azure.aksCluster.resourceGroupNameInput!)).toEqual([]);
    expect(creationStackOf(own).join('\n')).toContain('creation-stacks.test');
    // A reference made outside the library's scopes has its stack: the runtime's formatting is back.
    expect(creationStackOf(aws.eksCluster.arn).join('\n')).toContain('creation-stacks.test');
  });

  test('a cluster whose input is refused leaves the formatter as it was', () => {
    const before = errorConstructor.prepareStackTrace;
    const { fleet } = emptyFleet();
    expect(() => addAws(fleet, 'bad', 'us-east-1', 'not-a-cidr')).toThrow(/cidr/);
    expect(errorConstructor.prepareStackTrace).toBe(before);
  });
});
