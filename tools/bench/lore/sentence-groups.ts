/**
 * Shares `total` parts among items in proportion to their sizes (largest remainder), at least one
 * each: how many documents each address is split into so that all of them add up to `total`.
 */
export function apportion(sizes: readonly number[], total: number): number[] {
  if (total < sizes.length) throw new Error(`cannot share ${total} parts among ${sizes.length} items, one each`);
  const sum = sizes.reduce((a, b) => a + b, 0);
  const exact = sizes.map((size) => (sum === 0 ? total / sizes.length : (size / sum) * total));
  const parts = exact.map((share) => Math.max(1, Math.floor(share)));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((share, index) => ({ index, remainder: share - Math.floor(share) }));
  byRemainder.sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (let turn = 0; left > 0; turn += 1, left -= 1) parts[byRemainder[turn % sizes.length]!.index]! += 1;
  // Items raised to one part may push the sum over; take the excess back from the largest shares.
  while (left < 0) {
    const largest = parts.indexOf(Math.max(...parts));
    parts[largest]! -= 1;
    left += 1;
  }
  return parts;
}

/** Splits items into `parts` consecutive groups whose sizes differ by at most one (no empty group). */
export function splitEvenly<T>(items: readonly T[], parts: number): T[][] {
  const count = Math.max(1, Math.min(parts, items.length));
  return Array.from({ length: count }, (_, part) =>
    items.slice(Math.floor((part * items.length) / count), Math.floor(((part + 1) * items.length) / count)),
  );
}

/** Consecutive sentences packed into passages of at most `maxChars` characters (a longer sentence is left out). */
export function passagesOf(sentences: readonly string[], maxChars: number, minChars: number): string[] {
  const passages: string[] = [];
  let current = "";
  for (const sentence of sentences) {
    if (sentence.length > maxChars) continue;
    const joined = current ? `${current} ${sentence}` : sentence;
    if (joined.length <= maxChars) {
      current = joined;
      continue;
    }
    if (current.length >= minChars) passages.push(current);
    current = sentence;
  }
  if (current.length >= minChars) passages.push(current);
  return passages;
}
