import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startVectorTestKit, type VectorTestKit, type VectorTestOrganization } from "../testing";

let kit: VectorTestKit;
let organization: VectorTestOrganization;

beforeAll(async () => {
  kit = await startVectorTestKit({}, { workers: false });
  organization = await kit.createOrganization("shutdown");
  await kit.ownerOf(organization).vector.embeddings.upsert.mutate({
    modelId: (await kit.ownerOf(organization).vector.models.list.query({})).items.find((model) => model.isDefault)!.id,
    items: [{ content: "green tea with honey" }],
  });
});

afterAll(async () => {
  await kit?.close();
});

it("writes the log entry of a search answered just before the service stops, before its pool closes", async () => {
  let queryId = "";
  let stopping: Promise<void> = Promise.resolve();
  let stopped = false;
  await kit.database.ownerDb.transaction().execute(async (trx) => {
    // Holds the log write back until the service has begun to stop.
    await sql`lock table vector.search_queries in share mode`.execute(trx);
    queryId = (await kit.ownerOf(organization).vector.search.query({ text: "green tea" })).queryId;
    stopping = kit.service.close().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stopped, "the service stopped with a log write still waiting").toBe(false);
  });
  await stopping;
  const logged = await kit.database.ownerDb
    .selectFrom("vector.search_queries")
    .select(["id", "query_text"])
    .where("id", "=", queryId)
    .execute();
  expect(logged).toEqual([{ id: queryId, query_text: "green tea" }]);
});
