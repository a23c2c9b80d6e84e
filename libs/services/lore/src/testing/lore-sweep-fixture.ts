import { randomBytes } from "node:crypto";
import { createVectorService } from "@cauldron/service-vector";
import { createSignedPerson, startTestService, type SweepFixture } from "@cauldron/testing";
import { createLoreService } from "../lore-service";

const WAIT_MS = 30_000;

async function waitFor(what: string, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${WAIT_MS / 1_000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The lore service for the sweep over every procedure, beside a vector service of its own (semantic
 * search calls it): one organization with a category, two tags, a document filed under them and
 * indexed, and a small graph of two entities and a relationship evidenced by its chunk. Entity extraction is off, so the
 * organization's objects stay as seeded while other organizations are swept.
 */
export const loreSweepFixture: SweepFixture = {
  name: "lore",
  async start({ database, redisKeyPrefix }) {
    const vector = await startTestService(createVectorService({ config: { VECTOR_INDEX_JOB_EVERY_MS: 100 } }), {
      db: database.db,
      redisKeyPrefix,
    });
    const service = await startTestService(createLoreService({ extractors: [] }), {
      db: database.db,
      redisKeyPrefix,
      env: { VECTOR_SERVICE_URL: vector.url },
    });
    return {
      name: "lore",
      url: service.url,
      router: service.router,
      createPerson: (label) => createSignedPerson(service, database, label),
      async seed(organization) {
        const tag = randomBytes(4).toString("hex");
        const owner = service.client({ token: await organization.owner.newSession(), organizationId: organization.id });
        const category = await owner.lore.categories.create.mutate({ name: `Archive shelf ${tag}` });
        const label = await owner.lore.tags.create.mutate({ name: `folio-${tag}` });
        // A second tag, so a merge can name A's tags as both source and target.
        const otherLabel = await owner.lore.tags.create.mutate({ name: `vellum-${tag}` });
        const document = await owner.lore.documents.create.mutate({
          title: `Quarry ledger ${tag}`,
          content: `# Quarry ledger ${tag}\n\nThe marble quarry shipped ${tag} blocks to the harbour in spring.`,
          contentType: "text/markdown",
          categoryIds: [category.id],
          tagIds: [label.id],
        });
        await waitFor(`indexing of document ${document.id}`, async () => {
          const current = await owner.lore.documents.get.query({ id: document.id });
          return current.index.status === "indexed";
        });
        const { chunks } = await owner.lore.documents.chunks.query({ id: document.id });
        const person = await owner.lore.entityTypes.create.mutate({ name: `mason-${tag}` });
        const [mason, foreman] = [
          await owner.lore.entities.create.mutate({ typeId: person.id, name: `Ilario Quarrier ${tag}` }),
          await owner.lore.entities.create.mutate({ typeId: person.id, name: `Benedetta Quarrier ${tag}` }),
        ];
        const reportsTo = await owner.lore.relationshipTypes.create.mutate({ name: `reports_to_${tag}` });
        const relationship = await owner.lore.relationships.create.mutate({
          sourceEntityId: mason.id,
          targetEntityId: foreman.id,
          typeId: reportsTo.id,
          evidenceChunkId: chunks[0]?.id,
        });
        return {
          ids: {
            id: [document.id, category.id, label.id, mason.id, foreman.id, person.id, reportsTo.id, relationship.id],
            categoryId: [category.id],
            tagId: [label.id, otherLabel.id],
            entityId: [mason.id, foreman.id],
            typeId: [person.id, reportsTo.id],
            chunkId: chunks.map((chunk) => chunk.id),
          },
          markers: [
            document.title,
            `${tag} blocks`,
            category.name,
            label.name,
            otherLabel.name,
            mason.name,
            foreman.name,
          ],
          readBack: async () => ({
            document: await owner.lore.documents.get.query({ id: document.id }),
            versions: await owner.lore.documents.versions.list.query({ id: document.id }),
            categories: await owner.lore.categories.list.query({}),
            tags: await owner.lore.tags.list.query({}),
            entities: await owner.lore.entities.list.query({}),
            relationships: await owner.lore.relationships.list.query({}),
          }),
        };
      },
      async close() {
        await service.close();
        await vector.close();
      },
    };
  },
};
