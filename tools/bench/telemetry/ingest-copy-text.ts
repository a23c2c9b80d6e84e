import type { IngestBenchPoint } from "./ingest-points";

/** The columns the service writes, in the order of COPY's lines. */
export const COPIED_COLUMNS = "time, organization_id, metric_name, metric_value, dimensions";

/** COPY … FROM STDIN of the columns into `table`, in COPY's text format. */
export const copyStatement = (table: string) => `copy ${table} (${COPIED_COLUMNS}) from stdin`;

const SPECIAL = /[\\\n\r\t]/;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** A value as a field of COPY's text format: backslash, newline, carriage return and tab escaped. */
export function copyTextField(value: string): string {
  return SPECIAL.test(value) ? value.replace(/[\\\n\r\t]/g, (character) => ESCAPES[character]!) : value;
}

/** One point as a line of COPY input, in `organizationId`. */
export function copyTextLine(point: IngestBenchPoint, organizationId: string): string {
  return [
    point.time.toISOString(),
    organizationId,
    copyTextField(point.metric),
    String(point.value),
    copyTextField(JSON.stringify(point.dimensions)),
  ]
    .join("\t")
    .concat("\n");
}

/** The points as COPY input, `rowsPerChunk` lines to a buffer, made as they are sent. */
export function* copyTextChunks(
  points: readonly IngestBenchPoint[],
  organizationId: string,
  rowsPerChunk = 10_000,
): Generator<Buffer> {
  for (let start = 0; start < points.length; start += rowsPerChunk) {
    let text = "";
    for (const point of points.slice(start, start + rowsPerChunk)) text += copyTextLine(point, organizationId);
    yield Buffer.from(text);
  }
}
