import type { writeMetricsInputSchema, writeMetricsOutputSchema } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { invalidFields } from "@cauldron/rpc";
import type { Transaction } from "kysely";
import type { z } from "zod";
import { insertAgentPoints, insertBusinessPoints, type AgentRun } from "./metric-writes";
import { pointIssues } from "./point-rules";

type WriteInput = z.infer<typeof writeMetricsInputSchema>;
type WriteOutput = z.infer<typeof writeMetricsOutputSchema>;

/** What a write needs of its caller: the organization and a transaction confined to it. */
export interface MetricsWriter {
  organizationId: string;
  tenant<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
}

function agentRunOf(input: WriteInput): AgentRun | null {
  if (input.kind !== "agent" || input.agentId === undefined) return null;
  return { agentId: input.agentId, executionId: input.executionId ?? null };
}

/**
 * Stores a batch of points, all or none: every point is checked first (a refusal names each bad
 * point's index and field), then the batch goes in with one multi-row insert per few thousand rows,
 * in one transaction of the caller's organization.
 */
export async function writeMetrics(caller: MetricsWriter, input: WriteInput): Promise<WriteOutput> {
  const issues = pointIssues(input.points);
  if (issues.length > 0) throw invalidFields(issues);
  const points = input.points.map((point) => ({ ...point, dimensions: point.dimensions ?? {} }));
  const run = agentRunOf(input);
  const written = await caller.tenant((trx) =>
    run
      ? insertAgentPoints(trx, caller.organizationId, run, points)
      : insertBusinessPoints(trx, caller.organizationId, points),
  );
  return { written };
}
