/**
 * The real N/ module surface (@hitc/netsuite-types) as a check for the emulator's module objects:
 * `{ … } satisfies ModuleSurface<typeof search>` fails to compile when a member the emulator implements is not in the
 * real module (a typo, a member NetSuite does not have), when an enum gains or loses a key or changes a value, or
 * when a function cannot be called with the real parameters.
 *
 * Return types are not checked: the emulator hands scripts host objects wrapped by Execution.expose (a Record, a
 * Search, a Task …) that implement the members scripts use, not every member of the real interfaces, and it takes
 * `options: unknown` so it can answer bad arguments with NetSuite's errors instead of trusting them.
 */
/**
 * Enum keys are always checked; values only where the typings declare string values (many enums there are declared
 * without initialisers, which makes them numeric in TypeScript although NetSuite's values are strings).
 */
type EnumSurface<E> = { [K in keyof E]?: E[K] extends string ? `${E[K]}` : unknown };

export type ModuleSurface<M> = {
  [K in keyof M]?: M[K] extends (...args: infer A) => unknown
    ? (...args: A) => unknown
    : M[K] extends string ? string
      // A property typed with an enum the typings declare without values (runtime.envType) reads as a number there.
      : M[K] extends number ? number | string
        : M[K] extends boolean ? boolean
          : EnumSurface<M[K]>;
};
