// `it` and `expect` for a describe block whose tests run at once ({ concurrent:
// true }). vitest's global expect knows its test only while one test runs, so
// expect.poll() refuses to run in concurrent tests ("must be called inside a
// test"); each test's own expect (its context's) does not. Here every test
// body runs with its own expect in an AsyncLocalStorage, and the `expect`
// exported is that one inside a test (the global one elsewhere): the
// assertions and helpers of a file are unchanged, only their import.
import { AsyncLocalStorage } from "node:async_hooks";
import { expect as globalExpect, it as vitestIt, type ExpectStatic, type TestContext } from "vitest";

const current = new AsyncLocalStorage<ExpectStatic>();
const now = (): ExpectStatic => current.getStore() ?? globalExpect;

export const expect: ExpectStatic = new Proxy(globalExpect, {
  apply: (_target, self, args) => Reflect.apply(now(), self, args),
  get: (_target, key) => Reflect.get(now(), key),
});

type Body = () => Promise<void> | void;
type Options = number | { timeout?: number };
const inOwnExpect = (fn: Body) => (ctx: TestContext) => current.run(ctx.expect, fn);

/** vitest's it, the body run with its test's own expect; it.each as vitest's (cases spread into the body). */
export const it = Object.assign(
  (name: string, a?: Body | Options, b?: Body | Options) => {
    const [fn, options] = typeof a === "function" ? [a, b as Options | undefined] : [b as Body, a];
    return vitestIt(name, typeof options === "number" ? { timeout: options } : options ?? {}, inOwnExpect(fn));
  },
  {
    each: <T>(cases: readonly T[]) => (name: string, fn: (...args: T extends readonly unknown[] ? T : [T]) => Promise<void> | void, timeout?: number) =>
      vitestIt.for(cases.map((c) => (Array.isArray(c) ? c : [c])) as unknown[][])(name, { timeout },
        (args, ctx) => current.run(ctx.expect, () => (fn as (...a: unknown[]) => Promise<void> | void)(...args))),
  },
);
