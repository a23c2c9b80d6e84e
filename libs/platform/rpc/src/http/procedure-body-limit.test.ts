import {
  createTestDatabase,
  failureOf,
  startTestService,
  type TestDatabase,
  type TestService,
} from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineService } from "../service-definition";
import { publicProcedure, router } from "../trpc";
import { createBodyLimits, procedureBodyLimit } from "./procedure-body-limit";

const items = z.object({ items: z.array(z.string().max(200)).max(1_000) });

const bulkService = defineService({
  name: "vector",
  createRouter: () =>
    router({
      embeddings: router({
        upsert: publicProcedure
          .meta({ bodyLimit: "64kb" })
          .input(items)
          .output(z.number())
          .mutation(({ input }) => input.items.length),
      }),
      note: publicProcedure
        .input(items)
        .output(z.number())
        .mutation(({ input }) => input.items.length),
    }),
});

type BulkRouter = ReturnType<typeof bulkService.createRouter>;

/** About `kilobytes` kB of input in 100-character items. */
function payload(kilobytes: number) {
  return { items: Array.from({ length: Math.ceil((kilobytes * 1024) / 100) }, () => "x".repeat(100)) };
}

let database: TestDatabase;
let service: TestService<BulkRouter>;

beforeAll(async () => {
  database = await createTestDatabase();
  service = await startTestService(bulkService, { db: database.db, bodyLimit: "2kb" });
});

afterAll(async () => {
  await service?.close();
  await database?.destroy();
});

describe("per-procedure body limits", () => {
  it("reads the limit a procedure states in its meta, and the default for the others", () => {
    const limits = createBodyLimits(service.router, 2048);
    expect(procedureBodyLimit(service.router, "embeddings.upsert")).toBe(64 * 1024);
    expect(procedureBodyLimit(service.router, "note")).toBeUndefined();
    expect(limits.forCalls(["note"])).toBe(2048);
    expect(limits.forCalls(["note", "embeddings.upsert"])).toBe(64 * 1024);
    expect(limits.forCalls(["no.such.procedure"])).toBe(2048);
    expect(limits.largest).toBe(64 * 1024);
  });

  it("lets a bulk procedure take the larger body it states", async () => {
    expect(await service.client().embeddings.upsert.mutate(payload(20))).toBe(205);
  });

  it("refuses the same body sent to a procedure without a stated limit with 413 before parsing it", async () => {
    const refusal = await failureOf(service.client().note.mutate(payload(20)));
    expect(refusal.data).toMatchObject({ httpStatus: 413 });
  });

  it("refuses a body over the bulk procedure's own limit", async () => {
    const refusal = await failureOf(service.client().embeddings.upsert.mutate(payload(80)));
    expect(refusal.data).toMatchObject({ httpStatus: 413 });
  });
});
