import { randomBytes, randomUUID } from "node:crypto";
import { defineService, organizationProcedure, publicProcedure, router } from "@cauldron/rpc";
import { createSignedPerson, startTestService, type SweepFixture } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { sweepBadInput } from "./bad-input-sweep";
import { sweepCrossOrganization } from "./cross-organization-sweep";
import { unboundedInputs } from "./input-fields";
import { catalogProcedures } from "./procedure-catalog";
import { startSweepWorld, type SweepWorld } from "./sweep-world";

const notes = new Map<string, string>();
const noteOfOrganization = new Map<string, string>();

// A service with the defects the sweep exists to catch, and a subscription it must handle cleanly.
function createFlawedRouter() {
  return router({
    flawed: router({
      rename: publicProcedure
        .input(z.object({ name: z.string() }))
        .output(z.object({ length: z.number() }))
        .mutation(({ input }) => {
          if (input.name.length > 1_000) throw new Error("the name does not fit its column");
          return { length: input.name.length };
        }),
      note: organizationProcedure
        .input(z.object({ noteId: z.string().uuid() }))
        .output(z.object({ text: z.string() }))
        .query(({ input }) => ({ text: notes.get(input.noteId) ?? "" })),
      watch: publicProcedure.input(z.object({ topic: z.string().max(20) })).subscription(async function* ({ input }) {
        yield { topic: input.topic };
      }),
    }),
  });
}

const flawedFixture: SweepFixture = {
  name: "lore",
  async start({ database, redisKeyPrefix }) {
    const service = await startTestService(defineService({ name: "lore", createRouter: createFlawedRouter }), {
      db: database.db,
      redisKeyPrefix,
    });
    return {
      name: "lore",
      url: service.url,
      router: service.router,
      createPerson: (label) => createSignedPerson(service, database, label),
      async seed(organization) {
        const noteId = randomUUID();
        const text = `Flawed note ${randomBytes(4).toString("hex")}`;
        notes.set(noteId, text);
        noteOfOrganization.set(organization.id, text);
        return { ids: { noteId: [noteId] }, markers: [text], readBack: async () => [...notes.values()] };
      },
      close: service.close,
    };
  },
};

let world: SweepWorld;

beforeAll(async () => {
  world = await startSweepWorld([flawedFixture]);
});

afterAll(async () => {
  await world?.close();
});

describe("the sweep over every procedure, against a service with planted defects", () => {
  it("reports the procedure that answers oversized input with a 5xx, for either caller, and nothing else", async () => {
    const report = await sweepBadInput(world);
    expect(report.findings).toEqual(
      expect.arrayContaining([
        "flawed.rename as anonymous, 100 kB string in name: 500 INTERNAL_SERVER_ERROR",
        "flawed.rename as member, 100 kB string in name: 500 INTERNAL_SERVER_ERROR",
      ]),
    );
    expect(report.findings.filter((line) => !line.startsWith("flawed.rename "))).toEqual([]);
    expect(report.unvalidated).toEqual([]);
  });

  it("reports the procedure that hands another organization's row to whoever names its id", async () => {
    const report = await sweepCrossOrganization(world);
    const noteOfA = noteOfOrganization.get(world.organizations.a);
    expect(report.findings).toEqual([`flawed.note as owner of B, A's ids in noteId: answer holds "${noteOfA}"`]);
  });

  it("reports the string input without a length limit", () => {
    const procedures = world.services.flatMap((entry) => catalogProcedures(entry.service.router));
    const unbounded = procedures.flatMap((procedure) =>
      procedure.input ? unboundedInputs(procedure.input).map((where) => `${procedure.path} ${where}`) : [],
    );
    expect(unbounded).toEqual(["flawed.rename name: a string that takes 100000 characters"]);
  });
});
