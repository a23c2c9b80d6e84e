/**
 * The vector of a text that has nothing to embed (empty, only punctuation, or no known word).
 *
 * A zero vector would be the honest answer, but cosine similarity is undefined for it: pgvector's
 * `<=>` returns NaN, which sorts unpredictably and breaks nearest-neighbour ordering. So every
 * such text maps to one fixed unit vector instead: the uniform direction, all components
 * 1/sqrt(d). Such texts are then identical to each other, and since content vectors have
 * components of either sign, they sit near orthogonal to it rather than close to any one of them.
 */
export function emptyTextVector(dimensions: number): number[] {
  return new Array<number>(dimensions).fill(1 / Math.sqrt(dimensions));
}

/** Scales `values` to unit length; a vector with no length becomes the empty-text vector. */
export function unitVector(values: Float64Array): number[] {
  let sumOfSquares = 0;
  for (let i = 0; i < values.length; i += 1) sumOfSquares += values[i]! * values[i]!;
  if (!(sumOfSquares > 0) || !Number.isFinite(sumOfSquares)) return emptyTextVector(values.length);
  const scale = 1 / Math.sqrt(sumOfSquares);
  const unit = new Array<number>(values.length);
  for (let i = 0; i < values.length; i += 1) unit[i] = values[i]! * scale;
  return unit;
}
