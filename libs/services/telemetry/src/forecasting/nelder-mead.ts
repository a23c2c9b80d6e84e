/** Where a minimisation stopped and the objective's value there. */
export interface Minimum {
  point: number[];
  value: number;
}

const REFLECT = 1;
const EXPAND = 2;
const CONTRACT = 0.5;
const SHRINK = 0.5;

/**
 * Nelder–Mead simplex minimisation of `objective` from `start`, stepping `step` along each axis for
 * the first simplex; stops when the simplex's values agree within `tolerance` or after `maxEvaluations`.
 */
export function minimiseNelderMead(
  objective: (point: number[]) => number,
  start: number[],
  { step = 0.5, tolerance = 1e-8, maxEvaluations = 400 } = {},
): Minimum {
  let evaluations = 0;
  const evaluate = (point: number[]): Minimum => {
    evaluations += 1;
    const value = objective(point);
    return { point, value: Number.isNaN(value) ? Infinity : value };
  };
  const simplex = [start, ...start.map((_, axis) => start.map((x, i) => (i === axis ? x + step : x)))].map(evaluate);
  const along = (from: number[], to: number[], factor: number) => from.map((x, i) => x + factor * (to[i]! - x));

  while (evaluations < maxEvaluations) {
    simplex.sort((a, b) => a.value - b.value);
    const best = simplex[0]!;
    const worst = simplex[simplex.length - 1]!;
    const secondWorst = simplex[simplex.length - 2]!;
    if (Math.abs(worst.value - best.value) <= tolerance * (Math.abs(best.value) + tolerance)) break;

    const others = simplex.slice(0, -1);
    const centroid = start.map((_, i) => others.reduce((sum, vertex) => sum + vertex.point[i]!, 0) / others.length);
    const reflected = evaluate(along(centroid, worst.point, -REFLECT));
    if (reflected.value < best.value) {
      const expanded = evaluate(along(centroid, worst.point, -EXPAND));
      simplex[simplex.length - 1] = expanded.value < reflected.value ? expanded : reflected;
    } else if (reflected.value < secondWorst.value) {
      simplex[simplex.length - 1] = reflected;
    } else {
      const towards = reflected.value < worst.value ? reflected : worst;
      const contracted = evaluate(along(centroid, towards.point, CONTRACT));
      if (contracted.value < towards.value) {
        simplex[simplex.length - 1] = contracted;
      } else {
        for (let i = 1; i < simplex.length; i += 1) simplex[i] = evaluate(along(best.point, simplex[i]!.point, SHRINK));
      }
    }
  }
  simplex.sort((a, b) => a.value - b.value);
  return simplex[0]!;
}
