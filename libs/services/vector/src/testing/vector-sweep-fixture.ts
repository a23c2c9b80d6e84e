import { randomBytes } from "node:crypto";
import { createSignedPerson, startTestService, type SweepFixture } from "@cauldron/testing";
import { createVectorService } from "../vector-service";

/**
 * The vector service for the sweep over every procedure: one organization with a model of its
 * own, a collection on it holding two embeddings with marked content and metadata, and a logged search.
 */
export const vectorSweepFixture: SweepFixture = {
  name: "vector",
  async start({ database, redisKeyPrefix }) {
    const service = await startTestService(createVectorService({ config: { VECTOR_INDEX_JOB_EVERY_MS: 100 } }), {
      db: database.db,
      redisKeyPrefix,
    });
    return {
      name: "vector",
      url: service.url,
      router: service.router,
      createPerson: (label) => createSignedPerson(service, database, label),
      async seed(organization) {
        const tag = randomBytes(4).toString("hex");
        const owner = service.client({ token: await organization.owner.newSession(), organizationId: organization.id });
        const model = await owner.vector.models.register.mutate({
          name: `ledger-model-${tag}`,
          // Embeds text itself, and takes the one-number vectors the sweep samples, so its calls reach the code under test.
          provider: "hash",
          dimensions: 1,
          description: `Ledger model ${tag}`,
        });
        // The read-back must not change during the sweep, so the model's index is built first.
        for (
          let attempt = 0;
          (await owner.vector.models.get.query({ modelId: model.id })).index.state !== "ready";
          attempt++
        ) {
          if (attempt > 300) throw new Error(`the index of model ${model.id} was not built within 30 s`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        const collection = await owner.vector.collections.create.mutate({
          name: `Ledger collection ${tag}`,
          description: `Ledger collection notes ${tag}`,
          modelId: model.id,
          metadataSchema: { type: "object", properties: { ledger: { type: "string" } } },
        });
        const upserted = await owner.vector.embeddings.upsert.mutate({
          collectionId: collection.id,
          items: [
            { content: `Ledger entry one ${tag}`, vector: [0.4], metadata: { ledger: `mark-${tag}` } },
            { content: `Ledger entry two ${tag}`, vector: [0.8], metadata: { ledger: `mark-${tag}` } },
          ],
        });
        const ids = upserted.items.map((item) => item.id);
        await owner.vector.search.query({ collectionId: collection.id, vector: [0.4], topK: 2 });
        return {
          ids: { modelId: [model.id], collectionId: [collection.id], id: ids },
          markers: [model.name, collection.name, `Ledger entry one ${tag}`, `mark-${tag}`],
          readBack: async () => ({
            models: await owner.vector.models.list.query({}),
            collections: await owner.vector.collections.list.query({}),
            embeddings: await owner.vector.embeddings.get.query({ ids }),
          }),
        };
      },
      close: service.close,
    };
  },
};
