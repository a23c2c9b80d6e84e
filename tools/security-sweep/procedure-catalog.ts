import { procedureBodyLimit } from "@cauldron/rpc";
import type { AnyTRPCRouter } from "@trpc/server";
import type { z } from "zod";

export type ProcedureType = "query" | "mutation" | "subscription";

/** One procedure of a router as the sweep sees it. */
export interface CatalogedProcedure {
  /** The dotted path clients call, e.g. `org.teams.get`. */
  path: string;
  type: ProcedureType;
  /** Every parser given to `.input()`, in order (none when the procedure takes no input). */
  inputParsers: unknown[];
  /** The parser given to `.output()`, if any. */
  outputParser: unknown;
  /** The one zod input schema the sweep walks, or null when the procedure takes none. */
  input: z.ZodType | null;
  /** The body limit the procedure states for itself, in bytes, if any. */
  bodyLimit: number | undefined;
}

interface ProcedureDefinition {
  _def: { type: ProcedureType; inputs: unknown[]; output?: unknown };
}

/** Whether a parser is a zod schema (zod 4 keeps its internals under `_zod`). */
export function isZodSchema(parser: unknown): parser is z.ZodType {
  return typeof parser === "object" && parser !== null && "_zod" in parser && "safeParse" in parser;
}

/** Every procedure of a router, queries, mutations and subscriptions, read from the router itself. */
export function catalogProcedures(router: AnyTRPCRouter): CatalogedProcedure[] {
  const procedures = router._def.procedures as Record<string, ProcedureDefinition>;
  return Object.entries(procedures).map(([path, procedure]) => {
    const { type, inputs, output } = procedure._def;
    const [first] = inputs;
    return {
      path,
      type,
      inputParsers: inputs,
      outputParser: output,
      input: inputs.length === 1 && isZodSchema(first) ? first : null,
      bodyLimit: procedureBodyLimit(router, path),
    };
  });
}
