/** A logistic regression over standardised named features (bench/fit-logistic.ts fits them). */
export interface Logistic<N extends string> {
  mean: Record<N, number>;
  scale: Record<N, number>;
  weights: Record<N, number>;
  bias: number;
}

/** The regression's probability for the features named, each value read by name. */
export function probability<N extends string>(model: Logistic<N>, names: readonly N[], valueOf: (name: N, i: number) => number): number {
  let z = model.bias;
  names.forEach((f, i) => {
    z += (model.weights[f] * (valueOf(f, i) - model.mean[f])) / (model.scale[f] || 1);
  });
  return 1 / (1 + Math.exp(-z));
}
