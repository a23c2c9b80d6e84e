import { metadataFilterSchema, type MetadataFilter } from "@cauldron/contracts";
import { toVectorLiteral } from "@cauldron/db";
import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metadataFilterCondition } from "./metadata-filter-sql";

const HOSTILE_TEXT = `it's "quoted"'); drop table vector.embeddings; --`;
const HOSTILE_KEY = `it's "odd"\\`;
const UNICODE_TEXT = "émoji 🎉 ключ";

const ROWS: Record<string, Record<string, unknown>> = {
  alpha: {
    category: "book",
    price: 10,
    published: "2024-01-15",
    author: { name: "Ada", country: "UK" },
    tags: ["a", "b"],
    inStock: true,
  },
  beta: {
    category: "book",
    price: 25.5,
    published: "2024-03-01T10:00:00Z",
    author: { name: "Brian" },
    inStock: false,
    tags: ["b", "c"],
  },
  gamma: { category: "film", price: "30", published: "2023-12-31", note: null, tags: "a" },
  delta: { category: "music", price: 5, author: "Anonymous" },
  epsilon: {},
  zeta: { category: HOSTILE_TEXT, [HOSTILE_KEY]: "yes", tags: [HOSTILE_TEXT] },
  eta: { category: UNICODE_TEXT, price: 1000, published: "2025-06-01", access: { teams: ["t1", UNICODE_TEXT] } },
};
const ALL = Object.keys(ROWS).sort();

let database: TestDatabase;
let organizationId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const owner = await database.ownerDb
    .insertInto("users")
    .values({ email: "filters@example.test", display_name: "Filters", email_verified_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  const organization = await database.ownerDb
    .insertInto("organizations")
    .values({ name: "Filters", slug: "filters", created_by: owner.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  organizationId = organization.id;
  const model = await database.ownerDb
    .selectFrom("vector.embedding_models")
    .select(["id", "name", "dimensions"])
    .where("organization_id", "is", null)
    .where("is_default", "=", true)
    .executeTakeFirstOrThrow();
  const vector = toVectorLiteral(Array.from({ length: model.dimensions }, (_, i) => (i === 0 ? 1 : 0)));
  await database.ownerDb
    .insertInto("vector.embeddings")
    .values(
      Object.entries(ROWS).map(([content, metadata]) => ({
        organization_id: organizationId,
        model_id: model.id,
        model: model.name,
        content,
        embedding: vector,
        dimensions: model.dimensions,
        metadata: JSON.stringify(metadata),
      })),
    )
    .execute();
});

afterAll(async () => {
  await database?.destroy();
});

async function matching(filter: MetadataFilter): Promise<string[]> {
  const rows = await database.ownerDb
    .selectFrom("vector.embeddings as e")
    .select("e.content")
    .where("e.organization_id", "=", organizationId)
    .where(metadataFilterCondition(filter, sql.ref("e.metadata")))
    .orderBy("e.content")
    .execute();
  return rows.map((row) => row.content);
}

function except(...names: string[]): string[] {
  return ALL.filter((name) => !names.includes(name));
}

describe("metadata filter equality", () => {
  it("matches { key: value } and eq on strings, booleans and null", async () => {
    expect(await matching({ category: "book" })).toEqual(["alpha", "beta"]);
    expect(await matching({ category: { eq: "film" } })).toEqual(["gamma"]);
    expect(await matching({ inStock: false })).toEqual(["beta"]);
    expect(await matching({ note: null })).toEqual(["gamma"]);
  });

  it("compares numbers numerically and never a number with a string", async () => {
    expect(await matching({ price: 10.0 })).toEqual(["alpha"]);
    expect(await matching({ price: 30 })).toEqual([]);
    expect(await matching({ price: "30" })).toEqual(["gamma"]);
  });

  it("reaches nested objects through dotted keys and skips values that are not objects", async () => {
    expect(await matching({ "author.name": "Ada" })).toEqual(["alpha"]);
    expect(await matching({ "author.country": { eq: "UK" } })).toEqual(["alpha"]);
    expect(await matching({ "author.name": { exists: true } })).toEqual(["alpha", "beta"]);
  });

  it("treats several keys in one object as and", async () => {
    expect(await matching({ category: "book", inStock: true })).toEqual(["alpha"]);
    expect(await matching({ category: "book", price: { gt: 20 } })).toEqual(["beta"]);
  });

  it("keeps rows whose key is missing or different for ne", async () => {
    expect(await matching({ category: { ne: "book" } })).toEqual(except("alpha", "beta"));
    expect(await matching({ note: { ne: null } })).toEqual(except("gamma"));
  });

  it("matches any listed value for in", async () => {
    expect(await matching({ category: { in: ["film", "music", "absent"] } })).toEqual(["delta", "gamma"]);
    expect(await matching({ price: { in: [5, 1000, "30"] } })).toEqual(["delta", "eta", "gamma"]);
    expect(await matching({ note: { in: [null] } })).toEqual(["gamma"]);
  });

  it("answers equality from the jsonb_path_ops index", async () => {
    const plan = await database.ownerDb.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      return trx
        .selectFrom("vector.embeddings as e")
        .select("e.id")
        .where(metadataFilterCondition({ category: "book", "author.name": "Ada" }, sql.ref("e.metadata")))
        .explain();
    });
    expect(plan.map((row) => Object.values(row).join(" ")).join("\n")).toContain("embeddings_metadata_idx");
  });
});

describe("metadata filter ranges and existence", () => {
  it("compares numbers with gt, gte, lt and lte against JSON numbers only", async () => {
    expect(await matching({ price: { gt: 5, lte: 25.5 } })).toEqual(["alpha", "beta"]);
    expect(await matching({ price: { gte: 5, lt: 10 } })).toEqual(["delta"]);
    expect(await matching({ price: { gt: 1 } })).toEqual(["alpha", "beta", "delta", "eta"]);
  });

  it("compares strings as text so ISO dates order by time", async () => {
    expect(await matching({ published: { gte: "2024-01-01", lt: "2025-01-01" } })).toEqual(["alpha", "beta"]);
    expect(await matching({ published: { lte: "2023-12-31" } })).toEqual(["gamma"]);
    expect(await matching({ price: { gt: "1" } })).toEqual(["gamma"]);
  });

  it("finds keys that exist, a null value included, and the rows without them", async () => {
    expect(await matching({ note: { exists: true } })).toEqual(["gamma"]);
    expect(await matching({ price: { exists: false } })).toEqual(["epsilon", "zeta"]);
    expect(await matching({ "author.name": { exists: false } })).toEqual(except("alpha", "beta"));
  });

  it("does not walk into arrays with numeric keys", async () => {
    expect(await matching({ "tags.0": { exists: true } })).toEqual([]);
    expect(await matching({ "tags.0": { gte: "a" } })).toEqual([]);
  });
});

describe("metadata filter logic", () => {
  it("combines and, or and not at any depth", async () => {
    expect(
      await matching({ or: [{ category: "film" }, { and: [{ category: "book" }, { price: { gt: 20 } }] }] }),
    ).toEqual(["beta", "gamma"]);
    expect(await matching({ not: { category: "book" } })).toEqual(except("alpha", "beta"));
    expect(
      await matching({ and: [{ not: { or: [{ category: "book" }, { category: "film" }] } }, { price: { lt: 100 } }] }),
    ).toEqual(["delta"]);
  });

  it("keeps rows a range does not apply to under not", async () => {
    expect(await matching({ not: { price: { gt: 5 } } })).toEqual(["delta", "epsilon", "gamma", "zeta"]);
  });

  it("matches every row for an empty filter", async () => {
    expect(await matching({})).toEqual(ALL);
  });
});

describe("metadata filter with hostile input", () => {
  it("treats quotes, statement terminators and unicode in values as data", async () => {
    expect(await matching({ category: HOSTILE_TEXT })).toEqual(["zeta"]);
    expect(await matching({ category: { in: [HOSTILE_TEXT, UNICODE_TEXT] } })).toEqual(["eta", "zeta"]);
    expect(await matching({ category: { gte: HOSTILE_TEXT } })).toEqual(["delta", "eta", "zeta"]);
    expect(await matching({ category: UNICODE_TEXT })).toEqual(["eta"]);
    const remaining = await database.ownerDb
      .selectFrom("vector.embeddings")
      .select((eb) => eb.fn.countAll<string>().as("count"))
      .executeTakeFirstOrThrow();
    expect(Number(remaining.count)).toBe(ALL.length);
  });

  it("matches no stored value with text holding NUL, which jsonb cannot store", async () => {
    expect(await matching({ category: "book\u0000" })).toEqual([]);
    expect(await matching({ category: { in: ["film", "x\u0000"] } })).toEqual(["gamma"]);
    expect(await matching({ category: { ne: "\u0000" } })).toEqual(ALL);
  });

  it("treats quotes and backslashes in keys as part of the key name", async () => {
    expect(await matching({ [HOSTILE_KEY]: "yes" })).toEqual(["zeta"]);
    expect(await matching({ [HOSTILE_KEY]: { exists: true } })).toEqual(["zeta"]);
    expect(await matching({ [HOSTILE_KEY]: { gte: "y" } })).toEqual(["zeta"]);
    expect(await matching({ "x') or true; --": { exists: true } })).toEqual([]);
  });
});

describe("metadata filter containsAny", () => {
  it("matches arrays holding at least one of the strings, never a scalar equal to one", async () => {
    expect(await matching({ tags: { containsAny: ["a"] } })).toEqual(["alpha"]);
    expect(await matching({ tags: { containsAny: ["b"] } })).toEqual(["alpha", "beta"]);
    expect(await matching({ tags: { containsAny: ["c", "absent"] } })).toEqual(["beta"]);
    expect(await matching({ tags: { containsAny: ["absent"] } })).toEqual([]);
    expect(await matching({ category: { containsAny: ["book"] } })).toEqual([]);
  });

  it("reaches nested arrays through dotted keys and treats hostile text as data", async () => {
    expect(await matching({ "access.teams": { containsAny: ["t9", "t1"] } })).toEqual(["eta"]);
    expect(await matching({ "access.teams": { containsAny: [UNICODE_TEXT] } })).toEqual(["eta"]);
    expect(await matching({ tags: { containsAny: [HOSTILE_TEXT] } })).toEqual(["zeta"]);
    expect(await matching({ tags: { containsAny: ["a\u0000"] } })).toEqual([]);
    expect(await matching({ tags: { containsAny: ["c\u0000", "a"] } })).toEqual(["alpha"]);
  });

  it("combines with or and not like any other condition", async () => {
    expect(await matching({ or: [{ inStock: true }, { tags: { containsAny: ["c"] } }] })).toEqual(["alpha", "beta"]);
    expect(await matching({ not: { tags: { containsAny: ["a", "c"] } } })).toEqual(except("alpha", "beta"));
  });

  it("answers each value from the jsonb_path_ops index", async () => {
    const plan = await database.ownerDb.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      return trx
        .selectFrom("vector.embeddings as e")
        .select("e.id")
        .where(metadataFilterCondition({ tags: { containsAny: ["a", "c"] } }, sql.ref("e.metadata")))
        .explain();
    });
    const text = plan.map((row) => Object.values(row).join(" ")).join("\n");
    expect(text).toContain("BitmapOr");
    expect(text).toContain("embeddings_metadata_idx");
  });

  it("accepts 1 to 200 strings and refuses anything else with the field named", () => {
    expect(metadataFilterSchema.safeParse({ tags: { containsAny: ["x"] } }).success).toBe(true);
    expect(
      metadataFilterSchema.safeParse({ tags: { containsAny: Array.from({ length: 200 }, (_, i) => `t${i}`) } }).success,
    ).toBe(true);
    for (const containsAny of [[], Array.from({ length: 201 }, (_, i) => `t${i}`), [1], "x", ["y".repeat(1_001)]]) {
      const result = metadataFilterSchema.safeParse({ tags: { containsAny } });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path[0]).toBe("tags");
    }
  });
});
