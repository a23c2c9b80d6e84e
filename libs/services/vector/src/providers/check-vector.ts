/** How a model's vectors are compared; `vector.embedding_models.distance` holds one of these. */
export type VectorDistance = "cosine" | "inner_product" | "l2";

/**
 * Why `vector` cannot be stored for a model of `dimensions` compared by `distance`, or null when
 * it can. For cosine a vector must have a direction: cosine similarity is undefined for the zero
 * vector (pgvector answers NaN), so one would never rank sensibly against anything.
 */
export function checkVector(vector: readonly number[], dimensions: number, distance: VectorDistance): string | null {
  if (vector.length !== dimensions) {
    return `The vector has ${vector.length} numbers but the model has ${dimensions} dimensions`;
  }
  let nonZero = false;
  for (let i = 0; i < vector.length; i += 1) {
    const value = vector[i];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      return `Element ${i} of the vector is not a finite number`;
    }
    // pgvector stores single-precision floats; a magnitude that rounds to infinity there is refused.
    if (!Number.isFinite(Math.fround(value))) {
      return `Element ${i} of the vector is beyond the single-precision range vectors are stored in`;
    }
    if (Math.fround(value) !== 0) nonZero = true;
  }
  if (distance === "cosine" && !nonZero) {
    return "The vector is all zeros, which has no direction to compare by cosine distance";
  }
  return null;
}
