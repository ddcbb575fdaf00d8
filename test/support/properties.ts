// How hard the fast-check properties try, decided here and nowhere else.
// - `npm test`: the sharp run. Each property gets at most SHARP_RUNS generated cases, on generators biased
//   towards the edges, with the boundary cases written down as `examples` (always run first).
// - `npm run test:deep` (DEEP_PROPERTIES=1, also run by .ci/run): the full count each property names.
// Either way a failure is shrunk to a smallest counterexample and reported with its seed and path; to replay
// it: FC_SEED=<seed> FC_PATH=<path> npm test -- <spec file> -t '<test name>'.
import fc from 'fast-check';

export const DEEP_PROPERTIES = /^(1|true|yes)$/i.test(process.env.DEEP_PROPERTIES ?? '');

/** Generated cases per property in the default run (fast-check's own default). */
export const SHARP_RUNS = 100;

/** The parameters of `fc.assert`: `deep` runs under DEEP_PROPERTIES=1, at most SHARP_RUNS otherwise. */
export function runs<T>(deep: number, parameters: Omit<fc.Parameters<NoInfer<T>>, 'numRuns'> = {}): fc.Parameters<T> {
  const replay = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH } : {};
  return { ...parameters, ...replay, numRuns: DEEP_PROPERTIES ? deep : Math.min(deep, SHARP_RUNS) };
}

/** `arbitrary`, with one value in four drawn from `edges`: the boundaries a long run would meet by chance. */
export function withEdges<T>(arbitrary: fc.Arbitrary<T>, edges: readonly T[]): fc.Arbitrary<T> {
  return fc.oneof({ weight: 3, arbitrary }, { weight: 1, arbitrary: fc.constantFrom(...edges) });
}
