/** The last few seasons of a series, answering what the coming point's phase looked like before. */
export interface SeasonalHistory {
  push(value: number): void;
  /** The median of the coming point's phase over the seasons held; null before one full season. */
  expectedNext(): number | null;
}

function median(values: number[]): number {
  values.sort((left, right) => left - right);
  const upper = values[values.length >> 1]!;
  return values.length % 2 === 1 ? upper : (values[(values.length >> 1) - 1]! + upper) / 2;
}

/** Keeps `seasons` seasons of `seasonLength` points each. */
export function createSeasonalHistory(seasonLength: number, seasons: number): SeasonalHistory {
  const capacity = seasonLength * seasons;
  const ring = new Float64Array(capacity);
  let next = 0;
  let size = 0;
  return {
    push(value) {
      ring[next] = value;
      next = (next + 1) % capacity;
      size = Math.min(size + 1, capacity);
    },
    expectedNext() {
      const samePhase: number[] = [];
      for (let lag = seasonLength; lag <= size; lag += seasonLength) {
        samePhase.push(ring[(next - lag + capacity) % capacity]!);
      }
      return samePhase.length === 0 ? null : median(samePhase);
    },
  };
}
