import { createTenant, toVectorLiteral, withSystem, type Database, type TenantFixture } from "@cauldron/db";
import type { Kysely } from "kysely";

/** An organization the drill writes into: its owner, a bucket and an embedding model of its own. */
export interface WriteTenant extends TenantFixture {
  bucketId: string;
  modelId: string;
  modelName: string;
}

const DIMENSIONS = 4;

/** Creates an organization with its owner, a bucket and a 4-dimension embedding model. */
export async function createWriteTenant(db: Kysely<Database>, label: string): Promise<WriteTenant> {
  return withSystem(db, async (trx) => {
    const tenant = await createTenant(trx, label);
    const bucket = await trx
      .insertInto("storage.buckets")
      .values({ organization_id: tenant.organizationId, name: "drill", owner: tenant.userId })
      .returning("id")
      .executeTakeFirstOrThrow();
    const model = await trx
      .insertInto("vector.embedding_models")
      .values({
        organization_id: tenant.organizationId,
        name: "drill-4",
        provider: "openai-compatible",
        dimensions: DIMENSIONS,
      })
      .returning(["id", "name"])
      .executeTakeFirstOrThrow();
    return { ...tenant, bucketId: bucket.id, modelId: model.id, modelName: model.name };
  });
}

/** Writes a document; answers its id. */
export async function insertDocument(db: Kysely<Database>, tenant: WriteTenant, title: string): Promise<string> {
  const row = await withSystem(db, (trx) =>
    trx
      .insertInto("lore.documents")
      .values({ organization_id: tenant.organizationId, title, content: `${title}: body`, created_by: tenant.userId })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  return row.id;
}

/** Writes an embedding of the tenant's model; answers its id. */
export async function insertEmbedding(db: Kysely<Database>, tenant: WriteTenant, content: string): Promise<string> {
  const vector = Array.from({ length: DIMENSIONS }, () => Math.random());
  const row = await withSystem(db, (trx) =>
    trx
      .insertInto("vector.embeddings")
      .values({
        organization_id: tenant.organizationId,
        model_id: tenant.modelId,
        model: tenant.modelName,
        content,
        embedding: toVectorLiteral(vector),
        dimensions: DIMENSIONS,
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  return row.id;
}

/** Writes one time-series point (a hypertable, or a natively partitioned table) under a unique metric name. */
export async function insertPoint(db: Kysely<Database>, tenant: WriteTenant, metricName: string): Promise<void> {
  await withSystem(db, (trx) =>
    trx
      .insertInto("timeseries.business_metrics")
      .values({ organization_id: tenant.organizationId, metric_name: metricName, metric_value: Math.random() })
      .execute(),
  );
}
