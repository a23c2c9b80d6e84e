/**
 * Keys that looked orphaned, with when each was first seen. A key is only removed once it has
 * looked orphaned for a whole grace period, so bytes whose row is still being committed (an upload
 * in flight) are never taken for leftovers.
 */
export class OrphanWatch {
  private readonly firstSeen = new Map<string, number>();

  constructor(private readonly graceMs: number) {}

  /** Notes this run's orphan candidates and answers those past the grace period; forgets keys no longer orphaned. */
  settle(candidates: readonly string[], now: number): string[] {
    const current = new Set(candidates);
    for (const key of this.firstSeen.keys()) if (!current.has(key)) this.firstSeen.delete(key);
    const due: string[] = [];
    for (const key of candidates) {
      const seen = this.firstSeen.get(key);
      if (seen === undefined) this.firstSeen.set(key, now);
      else if (now - seen >= this.graceMs) due.push(key);
    }
    for (const key of due) this.firstSeen.delete(key);
    return due;
  }
}
