import { randomUUID } from "node:crypto";
import { withSystem, type Database } from "@cauldron/db";
import {
  accessOfRow,
  isEffectivelyGranted,
  organizationAccessStatement,
  type OrganizationAccessRow,
} from "@cauldron/rpc";
import { createSearchLog, scoreOf } from "@cauldron/service-vector";
import type { Kysely } from "kysely";
import { pino } from "pino";
import type { BaselineModel, FoundRow } from "./search-lanes";
import type { BenchTenant } from "./vector-bench-stack";

/** The platform's look-up of a caller's organization access, as a statement to send with a search. */
export interface AccessLookUp {
  text: string;
  values: readonly unknown[];
  /** Throws unless the look-up's rows let the caller read embeddings. */
  admit(rows: readonly OrganizationAccessRow[]): void;
}

/**
 * What every search of the service does besides the search, done the service's way at its
 * cheapest: the caller's access to the organization looked up (uncached, as for every call) in
 * the search's own round trip, and the search queued for the service's query log, which writes
 * searches in batches off the request path.
 */
export interface SearchDuties {
  access: AccessLookUp;
  /** Queues the answered search for the query log. */
  record(vector: readonly number[], found: readonly FoundRow[], latencyMs: number): void;
  /** Resolves once every search recorded so far is written. */
  settled(): Promise<void>;
}

export function searchDuties(options: {
  db: Kysely<Database>;
  tenant: BenchTenant;
  model: BaselineModel;
  topK: number;
}): SearchDuties {
  const { db, tenant, model, topK } = options;
  const log = createSearchLog(pino({ level: "warn" }), (work) => withSystem(db, work));
  const statement = organizationAccessStatement(tenant.userId, tenant.organizationId).compile(db);
  return {
    access: {
      text: statement.sql,
      values: statement.parameters,
      admit(rows) {
        const access = accessOfRow(rows[0], tenant.organizationId);
        if (!access || !isEffectivelyGranted(access.grants, null, "embeddings:read")) {
          throw new Error("the bench tenant may not read embeddings");
        }
      },
    },
    record(vector, found, latencyMs) {
      log.record({
        queryId: randomUUID(),
        organizationId: tenant.organizationId,
        userId: tenant.userId,
        queryText: null,
        queryVector: vector,
        modelId: model.id,
        collectionId: null,
        filters: {},
        topK,
        threshold: null,
        mode: "vector",
        latencyMs,
        hits: found.map((row) => ({ id: row.id, score: scoreOf(model.distance, row.distance) })),
      });
    },
    settled: () => log.settled(),
  };
}
