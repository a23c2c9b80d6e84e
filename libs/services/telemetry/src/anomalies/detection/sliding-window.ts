/** The last `capacity` values of a stream, kept in arrival order and in sorted order at once. */
export interface SlidingWindow {
  readonly capacity: number;
  readonly size: number;
  /** Adds a value, dropping the oldest one when the window is full. */
  push(value: number): void;
  /** The values in arrival order, oldest first. */
  values(): number[];
  median(): number;
  /** The q-quantile (0 ≤ q ≤ 1), interpolated linearly between the values around it. */
  quantile(q: number): number;
  /** The median of |value − center| over the window. */
  medianAbsoluteDeviation(center: number): number;
  /** The median of |value − center| over the values that differ from center; 0 when none does. */
  medianDeparture(center: number): number;
}

/** Index of the first entry in sorted[0, length) not below `value`. */
function lowerBound(sorted: Float64Array, length: number, value: number): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Index of the first entry in sorted[0, length) above `value`. */
function upperBound(sorted: Float64Array, length: number, value: number): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The k-th smallest (0-based) distance to `center` among sorted[0, left] and sorted[right, length),
 * walking outwards from `center`, which lies between the two parts.
 */
function kthDistance(sorted: Float64Array, length: number, center: number, from: [number, number], k: number): number {
  let [left, right] = from;
  let distance = 0;
  for (let taken = 0; taken <= k; taken += 1) {
    const leftDistance = left >= 0 ? center - sorted[left]! : Infinity;
    const rightDistance = right < length ? sorted[right]! - center : Infinity;
    if (leftDistance <= rightDistance) {
      distance = leftDistance;
      left -= 1;
    } else {
      distance = rightDistance;
      right += 1;
    }
  }
  return distance;
}

/** The median distance to `center` of sorted[0, left] and sorted[right, length), `count` values in all. */
function medianDistance(sorted: Float64Array, length: number, center: number, from: [number, number]): number {
  const count = from[0] + 1 + length - from[1];
  if (count === 0) return 0;
  const upper = kthDistance(sorted, length, center, from, count >> 1);
  if (count % 2 === 1) return upper;
  return (kthDistance(sorted, length, center, from, (count >> 1) - 1) + upper) / 2;
}

/**
 * A sliding window whose median and median absolute deviation cost O(capacity) at worst per
 * step (a shift inside a typed array) rather than a sort, so long windows stay cheap to stream.
 */
export function createSlidingWindow(capacity: number): SlidingWindow {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a whole number >= 1`);
  const arrivals = new Float64Array(capacity);
  const sorted = new Float64Array(capacity);
  let oldest = 0;
  let size = 0;

  const requireValues = () => {
    if (size === 0) throw new RangeError("the window holds no values yet");
  };

  return {
    capacity,
    get size() {
      return size;
    },
    push(value) {
      if (size === capacity) {
        const leaving = lowerBound(sorted, size, arrivals[oldest]!);
        sorted.copyWithin(leaving, leaving + 1, size);
        size -= 1;
        arrivals[oldest] = value;
        oldest = (oldest + 1) % capacity;
      } else {
        arrivals[(oldest + size) % capacity] = value;
      }
      const entering = lowerBound(sorted, size, value);
      sorted.copyWithin(entering + 1, entering, size);
      sorted[entering] = value;
      size += 1;
    },
    values() {
      return Array.from({ length: size }, (_, index) => arrivals[(oldest + index) % capacity]!);
    },
    median() {
      requireValues();
      const upper = sorted[size >> 1]!;
      return size % 2 === 1 ? upper : (sorted[(size >> 1) - 1]! + upper) / 2;
    },
    quantile(q) {
      requireValues();
      const position = q * (size - 1);
      const below = Math.floor(position);
      const above = Math.min(below + 1, size - 1);
      return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
    },
    medianAbsoluteDeviation(center) {
      requireValues();
      const above = lowerBound(sorted, size, center);
      return medianDistance(sorted, size, center, [above - 1, above]);
    },
    medianDeparture(center) {
      requireValues();
      return medianDistance(sorted, size, center, [
        lowerBound(sorted, size, center) - 1,
        upperBound(sorted, size, center),
      ]);
    },
  };
}
