import { codeOf, failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVectorTestKit, type VectorTestKit, type VectorTestOrganization, type VectorTestUser } from "../testing";

let kit: VectorTestKit;
let organization: VectorTestOrganization;
let member: VectorTestUser;
let viewer: VectorTestUser;
let hashModelId: string;
let gloveModelId: string;

beforeAll(async () => {
  kit = await startVectorTestKit();
  organization = await kit.createOrganization("models");
  member = await kit.createUser("member");
  viewer = await kit.createUser("viewer");
  await kit.addMember(organization.id, member, "member");
  await kit.addMember(organization.id, viewer, "viewer");
  const builtins = await kit.ownerOf(organization).vector.models.list.query({});
  const idOf = (name: string) => builtins.items.find((model) => model.name === name)?.id ?? "";
  hashModelId = idOf("cauldron-hash-384");
  gloveModelId = idOf("wink-glove-100");
});

afterAll(async () => {
  await kit?.close();
});

const asOwner = () => kit.ownerOf(organization);

async function auditActions(modelId: string): Promise<string[]> {
  const rows = await kit.database.ownerDb
    .selectFrom("audit.audit_logs")
    .select("action")
    .where("target_type", "=", "embedding_model")
    .where("target_id", "=", modelId)
    .orderBy("created_at")
    .execute();
  return rows.map((row) => row.action);
}

describe("vector.models.register", () => {
  it("stores the organization's model with its index pending, publishes embedding_model.registered and audits it", async () => {
    await kit.takeEvents();
    const model = await asOwner().vector.models.register.mutate({
      name: "support-tickets-v1",
      provider: "precomputed",
      dimensions: 64,
      distance: "l2",
      version: "1",
      description: "Vectors computed by the ticketing pipeline",
      index: { m: 8, efConstruction: 32 },
    });
    expect(model).toMatchObject({
      organizationId: organization.id,
      name: "support-tickets-v1",
      provider: "precomputed",
      dimensions: 64,
      distance: "l2",
      version: "1",
      configuration: {},
      isDefault: false,
      index: { state: "pending", m: 8, efConstruction: 32, error: null, builtAt: null, progress: null },
      retiredAt: null,
    });

    const events = await kit.takeEvents();
    expect(events.map((event) => [event.type, event.payload])).toEqual([
      [
        "embedding_model.registered",
        {
          organizationId: organization.id,
          modelId: model.id,
          name: "support-tickets-v1",
          provider: "precomputed",
          dimensions: 64,
          registeredByUserId: organization.owner.id,
        },
      ],
    ]);
    expect(await auditActions(model.id)).toEqual(["embedding_model.registered"]);
  });

  it("answers BAD_REQUEST with fieldErrors for a configuration or dimensions the provider refuses", async () => {
    const endpoint = await failureOf(
      asOwner().vector.models.register.mutate({
        name: "remote-broken",
        provider: "openai-compatible",
        dimensions: 256,
        configuration: { baseUrl: "ftp://embeddings.example.test", batchSize: 0 },
      }),
    );
    expect(endpoint.data.code).toBe("BAD_REQUEST");
    expect(Object.keys(endpoint.data.fieldErrors ?? {}).sort()).toEqual([
      "configuration.baseUrl",
      "configuration.batchSize",
      "configuration.model",
    ]);

    const extraSettings = await failureOf(
      asOwner().vector.models.register.mutate({
        name: "hash-with-settings",
        provider: "hash",
        dimensions: 128,
        configuration: { seed: 7 },
      }),
    );
    expect(extraSettings.data.fieldErrors).toEqual({
      configuration: ["This provider takes no configuration; send {}"],
    });

    const glove = await failureOf(
      asOwner().vector.models.register.mutate({ name: "glove-300", provider: "glove", dimensions: 300 }),
    );
    expect(glove.data.code).toBe("BAD_REQUEST");
    expect(glove.data.fieldErrors?.dimensions?.[0]).toContain("100");

    const names = (await asOwner().vector.models.list.query({ includeRetired: true, limit: 200 })).items.map(
      (item) => item.name,
    );
    for (const refused of ["remote-broken", "hash-with-settings", "glove-300"]) expect(names).not.toContain(refused);
  });

  it("refuses an endpoint at a private address, such as the cloud metadata service, naming configuration.baseUrl", async () => {
    for (const baseUrl of ["http://169.254.169.254/v1", "http://127.0.0.1:11434/v1", "http://localhost:8080/v1"]) {
      const refused = await failureOf(
        asOwner().vector.models.register.mutate({
          name: "internal-endpoint",
          provider: "openai-compatible",
          dimensions: 64,
          configuration: { baseUrl, model: "embedder" },
        }),
      );
      expect(refused.data.code).toBe("BAD_REQUEST");
      expect(Object.keys(refused.data.fieldErrors ?? {})).toEqual(["configuration.baseUrl"]);
    }
  });

  it("answers CONFLICT name_taken for a name one of the organization's models or a built-in has", async () => {
    await asOwner().vector.models.register.mutate({ name: "taken-name", provider: "hash", dimensions: 32 });
    for (const name of ["taken-name", "cauldron-hash-384"]) {
      const failure = await failureOf(
        asOwner().vector.models.register.mutate({ name, provider: "precomputed", dimensions: 32 }),
      );
      expect(failure.data.code).toBe("CONFLICT");
      expect(failure.data.reason).toBe("name_taken");
      expect(failure.message).toContain(name);
    }
    const other = await kit.createOrganization("other-names");
    const elsewhere = await kit
      .ownerOf(other)
      .vector.models.register.mutate({ name: "taken-name", provider: "hash", dimensions: 32 });
    expect(elsewhere.organizationId).toBe(other.id);
  });

  it("never returns an apiKey: register, get and list show it redacted", async () => {
    const secret = "sk-test-4b1d9e0c7a";
    const model = await asOwner().vector.models.register.mutate({
      name: "remote-embedder",
      provider: "openai-compatible",
      dimensions: 1536,
      configuration: { baseUrl: "https://embeddings.example.test/v1", model: "text-embedding-3-small", apiKey: secret },
    });
    expect(model.configuration).toMatchObject({
      baseUrl: "https://embeddings.example.test/v1",
      model: "text-embedding-3-small",
      apiKey: "[redacted]",
      batchSize: 96,
    });
    const got = await asOwner().vector.models.get.query({ modelId: model.id });
    const listed = await asOwner().vector.models.list.query({ provider: "openai-compatible" });
    expect(got.configuration.apiKey).toBe("[redacted]");
    expect(listed.items.map((item) => item.configuration.apiKey)).toEqual(["[redacted]"]);
    for (const output of [model, got, listed]) expect(JSON.stringify(output)).not.toContain(secret);
  });
});

describe("vector.models.list and get", () => {
  it("lists the built-in models and the organization's own by name, page by page, filtered by provider", async () => {
    const own = await kit.createOrganization("listing");
    const client = kit.ownerOf(own);
    for (const name of ["b-vectors", "a-vectors", "c-hashes"]) {
      await client.vector.models.register.mutate({
        name,
        provider: name.endsWith("hashes") ? "hash" : "precomputed",
        dimensions: 16,
      });
    }
    const first = await client.vector.models.list.query({ limit: 3 });
    expect(first.items.map((item) => item.name)).toEqual(["a-vectors", "b-vectors", "c-hashes"]);
    const second = await client.vector.models.list.query({ limit: 3, cursor: first.nextCursor ?? undefined });
    expect(second.items.map((item) => item.name)).toEqual(["cauldron-hash-384", "wink-glove-100"]);
    expect(second.nextCursor).toBeNull();
    expect(second.items.map((item) => item.organizationId)).toEqual([null, null]);

    const hashes = await client.vector.models.list.query({ provider: "hash" });
    expect(hashes.items.map((item) => item.name)).toEqual(["c-hashes", "cauldron-hash-384"]);
    expect(await codeOf(client.vector.models.list.query({ cursor: "not-a-cursor" }))).toBe("BAD_REQUEST");
  });

  it("shows a built-in model to every organization, the platform's default flagged", async () => {
    const fresh = await kit.createOrganization("fresh");
    const hash = await kit.ownerOf(fresh).vector.models.get.query({ modelId: hashModelId });
    expect(hash).toMatchObject({
      organizationId: null,
      name: "cauldron-hash-384",
      provider: "hash",
      dimensions: 384,
      distance: "cosine",
      isDefault: true,
      index: { state: "ready", progress: null },
    });
    expect(hash.index.builtAt).toBeInstanceOf(Date);
  });

  it("hides an organization's model from other organizations", async () => {
    const model = await asOwner().vector.models.register.mutate({
      name: "private-model",
      provider: "precomputed",
      dimensions: 8,
    });
    const stranger = kit.ownerOf(await kit.createOrganization("stranger"));
    // Called one at a time: a refusal arriving while an earlier one is awaited would go unhandled.
    for (const call of [
      () => stranger.vector.models.get.query({ modelId: model.id }),
      () => stranger.vector.models.setDefault.mutate({ modelId: model.id }),
      () => stranger.vector.models.retire.mutate({ modelId: model.id }),
    ]) {
      expect(await codeOf(call())).toBe("NOT_FOUND");
    }
    const listed = await stranger.vector.models.list.query({ includeRetired: true, limit: 200 });
    expect(listed.items.map((item) => item.id)).not.toContain(model.id);
    expect((await asOwner().vector.models.get.query({ modelId: model.id })).retiredAt).toBeNull();
  });

  it("lets members and viewers read models but not register, set the default or retire", async () => {
    const model = await asOwner().vector.models.register.mutate({ name: "guarded", provider: "hash", dimensions: 8 });
    for (const person of [member, viewer]) {
      const client = kit.as(person, organization.id);
      expect((await client.vector.models.get.query({ modelId: model.id })).name).toBe("guarded");
      expect((await client.vector.models.list.query({})).items.length).toBeGreaterThan(0);
      expect(
        await codeOf(client.vector.models.register.mutate({ name: "sneaky", provider: "hash", dimensions: 8 })),
      ).toBe("FORBIDDEN");
      expect(await codeOf(client.vector.models.setDefault.mutate({ modelId: model.id }))).toBe("FORBIDDEN");
      expect(await codeOf(client.vector.models.retire.mutate({ modelId: model.id }))).toBe("FORBIDDEN");
    }
  });
});

describe("vector.models.setDefault and retire", () => {
  it("makes a built-in or an own model the organization's default, leaving other organizations' alone", async () => {
    const chooser = await kit.createOrganization("chooser");
    const client = kit.ownerOf(chooser);
    const neighbour = kit.ownerOf(await kit.createOrganization("neighbour"));
    const defaultName = async (caller: typeof client) =>
      (await caller.vector.models.list.query({ limit: 200 })).items.filter((item) => item.isDefault).map((m) => m.name);

    expect(await defaultName(client)).toEqual(["cauldron-hash-384"]);
    const glove = await client.vector.models.setDefault.mutate({ modelId: gloveModelId });
    expect(glove.isDefault).toBe(true);
    expect(await defaultName(client)).toEqual(["wink-glove-100"]);

    const own = await client.vector.models.register.mutate({ name: "own-default", provider: "hash", dimensions: 64 });
    expect(own.isDefault).toBe(false);
    await client.vector.models.setDefault.mutate({ modelId: own.id });
    expect((await client.vector.models.get.query({ modelId: own.id })).isDefault).toBe(true);
    expect((await client.vector.models.get.query({ modelId: gloveModelId })).isDefault).toBe(false);
    expect(await defaultName(client)).toEqual(["own-default"]);

    expect(await defaultName(neighbour)).toEqual(["cauldron-hash-384"]);
    expect(await auditActions(own.id)).toEqual(["embedding_model.registered", "embedding_model.default_changed"]);
  });

  it("registers a model as the default when asked to", async () => {
    const client = kit.ownerOf(await kit.createOrganization("eager"));
    const model = await client.vector.models.register.mutate({
      name: "eager-default",
      provider: "precomputed",
      dimensions: 12,
      setDefault: true,
    });
    expect(model.isDefault).toBe(true);
    expect((await client.vector.models.get.query({ modelId: hashModelId })).isDefault).toBe(false);
  });

  it("retires an own model: no longer the default, out of the list unless asked, never the default again", async () => {
    const client = kit.ownerOf(await kit.createOrganization("retiring"));
    const model = await client.vector.models.register.mutate({
      name: "old-vectors",
      provider: "precomputed",
      dimensions: 24,
      setDefault: true,
    });
    await kit.takeEvents();

    const retired = await client.vector.models.retire.mutate({ modelId: model.id });
    expect(retired.retiredAt).toBeInstanceOf(Date);
    expect(retired.isDefault).toBe(false);
    expect((await client.vector.models.get.query({ modelId: hashModelId })).isDefault).toBe(true);
    const events = await kit.takeEvents();
    expect(events.map((event) => [event.type, event.payload])).toEqual([
      [
        "embedding_model.retired",
        { organizationId: retired.organizationId, modelId: model.id, retiredByUserId: expect.any(String) },
      ],
    ]);

    expect((await client.vector.models.list.query({})).items.map((item) => item.id)).not.toContain(model.id);
    const withRetired = await client.vector.models.list.query({ includeRetired: true });
    expect(withRetired.items.find((item) => item.id === model.id)?.retiredAt).toBeInstanceOf(Date);

    const again = await client.vector.models.retire.mutate({ modelId: model.id });
    expect(again.retiredAt).toEqual(retired.retiredAt);
    expect(await kit.takeEvents()).toEqual([]);
    const refusal = await failureOf(client.vector.models.setDefault.mutate({ modelId: model.id }));
    expect(refusal.data.code).toBe("PRECONDITION_FAILED");
    expect(refusal.message).toContain("old-vectors");
    expect(await auditActions(model.id)).toEqual(["embedding_model.registered", "embedding_model.retired"]);
  });

  it("refuses to retire a built-in model", async () => {
    for (const modelId of [hashModelId, gloveModelId]) {
      const failure = await failureOf(asOwner().vector.models.retire.mutate({ modelId }));
      expect(failure.data.code).toBe("FORBIDDEN");
      expect(failure.message).toContain("built-in");
      expect((await asOwner().vector.models.get.query({ modelId })).retiredAt).toBeNull();
    }
  });
});
