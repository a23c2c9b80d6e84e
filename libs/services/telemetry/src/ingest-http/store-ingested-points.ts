import type { Database } from "@cauldron/db";
import type { Transaction } from "kysely";
import type { DecodeIssue, DecodeResult, IngestPoint } from "../ingest/protocols";
import { insertBusinessPoints } from "../metrics/metric-writes";
import { pointProblems } from "../metrics/point-rules";

const MAX_LISTED_PROBLEMS = 10;

/** What became of a protocol request's points. */
export interface IngestOutcome {
  written: number;
  /** Points read but refused by the point rules. */
  rejected: number;
  /** Parts of the request the decoder could not read (lines, series, data points). */
  skipped: number;
  /** The first problems, for the answer's message. */
  problems: DecodeIssue[];
}

/** The organization the points go to and a transaction confined to it. */
export interface IngestWriter {
  organizationId: string;
  tenant<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
}

/**
 * Stores the points of a decoded request that pass the point rules, as business metrics of the
 * caller's organization in one transaction; the others are counted and the first described, so
 * one bad point does not cost a client the rest of its batch.
 */
export async function storeIngestedPoints(
  writer: IngestWriter,
  decoded: DecodeResult,
  now: Date = new Date(),
): Promise<IngestOutcome> {
  const accepted: IngestPoint[] = [];
  const problems: DecodeIssue[] = [...decoded.errors];
  let rejected = 0;
  decoded.points.forEach((point, index) => {
    const broken = pointProblems(point, now);
    if (broken.length === 0) {
      accepted.push(point);
      return;
    }
    rejected += 1;
    const location = `point ${index} (${JSON.stringify(point.metric.slice(0, 64))})`;
    for (const problem of broken) problems.push({ location, message: `${problem.field}: ${problem.message}` });
  });
  const written =
    accepted.length === 0
      ? 0
      : await writer.tenant((trx) => insertBusinessPoints(trx, writer.organizationId, accepted));
  return { written, rejected, skipped: decoded.errors.length, problems: problems.slice(0, MAX_LISTED_PROBLEMS) };
}

/** A one-line account of a request that was stored in part, for a protocol's error message. */
export function describePartialWrite(outcome: IngestOutcome): string {
  const listed = outcome.problems.map((problem) => `${problem.location}: ${problem.message}`).join("; ");
  const refused = outcome.rejected + outcome.skipped;
  return `partial write: ${outcome.written} points written, ${refused} refused: ${listed}`;
}
