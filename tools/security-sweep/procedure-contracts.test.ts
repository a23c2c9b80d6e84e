import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unboundedInputs } from "./input-fields";
import { catalogProcedures, isZodSchema, type CatalogedProcedure } from "./procedure-catalog";
import { SWEPT_SERVICES } from "./sweep-registry";
import { startSweptServices, type SweptServices } from "./sweep-world";

let booted: SweptServices;
let procedures: CatalogedProcedure[];

beforeAll(async () => {
  booted = await startSweptServices(Object.values(SWEPT_SERVICES));
  procedures = booted.services.flatMap((service) => catalogProcedures(service.router));
});

afterAll(async () => {
  await booted?.close();
});

describe("the contract of every procedure of every service", () => {
  it("declares the shape of its answer with an .output() zod schema", () => {
    expect(procedures.length).toBeGreaterThan(booted.services.length);
    expect(
      procedures.filter((procedure) => !isZodSchema(procedure.outputParser)).map((procedure) => procedure.path),
    ).toEqual([]);
  });

  it("validates its input with one zod schema, or takes none", () => {
    const unclear = procedures.filter(
      (procedure) =>
        procedure.inputParsers.length > 1 || (procedure.inputParsers.length === 1 && procedure.input === null),
    );
    expect(unclear.map((procedure) => procedure.path)).toEqual([]);
  });

  it("bounds every string and every array of its input", () => {
    const unbounded = procedures.flatMap((procedure) =>
      procedure.input
        ? unboundedInputs(procedure.input, { bodyLimited: procedure.bodyLimit !== undefined }).map(
            (where) => `${procedure.path} ${where}`,
          )
        : [],
    );
    expect(unbounded).toEqual([]);
  });
});
