import type { DecodeIssue, DecodeResult, IngestPoint } from "./ingest-point";

const MAX_REPORTED_ISSUES = 100;
const MAX_QUOTED_NAME = 64;

/** Collects the points and skipped parts of one request, keeping only the first issues in full. */
export class DecodeCollector {
  readonly points: IngestPoint[] = [];
  private readonly issues: DecodeIssue[] = [];
  private unreported = 0;

  skip(location: string, message: string): void {
    if (this.issues.length < MAX_REPORTED_ISSUES) this.issues.push({ location, message });
    else this.unreported += 1;
  }

  result(): DecodeResult {
    if (this.unreported === 0) return { points: this.points, errors: this.issues };
    const summary = { location: "request", message: `${this.unreported} more problems were not listed` };
    return { points: this.points, errors: [...this.issues, summary] };
  }
}

/** A name from the request, quoted and shortened, so a message never echoes a huge or odd input. */
export function quoteName(name: string): string {
  return JSON.stringify(name.length > MAX_QUOTED_NAME ? `${name.slice(0, MAX_QUOTED_NAME)}…` : name);
}
