/** One measured value as every ingest protocol delivers it: the row shape of a business metric. */
export interface IngestPoint {
  /** Dotted metric name, e.g. `cpu.usage` (Influx measurement and field) or `http.requests.count`. */
  metric: string;
  time: Date;
  /** Passed through as sent: NaN and infinities are refused by the shared point validation. */
  value: number;
  /** Tags, labels and attributes, all in string form. */
  dimensions: Record<string, string>;
}

/**
 * Most dimensions one point may carry. Decoders refuse more as they read, since every point of a
 * line, series or resource gets its own copy: without a bound, the copies would grow with the square
 * of the body.
 */
export const MAX_DIMENSIONS = 128;

/** A part of a request that was skipped, and where it was: the rest of the request still counts. */
export interface DecodeIssue {
  /** Where in the request, in the protocol's own terms (`line 3`, `timeseries[2]`, a JSON path). */
  location: string;
  message: string;
}

/** What a decoder made of a request: the points it could read and what it had to skip. */
export interface DecodeResult {
  points: IngestPoint[];
  /** At most a hundred, the last one counting the rest, so a hostile body cannot grow the answer. */
  errors: DecodeIssue[];
}
