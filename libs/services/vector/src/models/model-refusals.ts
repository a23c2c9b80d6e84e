import { conflict, type RefusalError } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";

/** NOT_FOUND's message for a model id neither built in nor the active organization's. */
export const MODEL_NOT_FOUND = "Embedding model not found in this organization or among the built-in models";

/** The refusal of new embeddings for a retired model; its stored embeddings stay searchable. */
export function modelRetired(name: string): TRPCError {
  return new TRPCError({
    code: "PRECONDITION_FAILED",
    message: `Embedding model "${name}" is retired; embed with another model`,
  });
}

/** The CONFLICT (reason `name_taken`) for a name a built-in or the organization's own model has. */
export function modelNameTaken(name: string): RefusalError {
  return conflict("name_taken", `An embedding model named "${name}" already exists; choose another name`);
}

/** The refusal to retire a model every organization shares. */
export function builtinModelNotRetirable(name: string): TRPCError {
  return new TRPCError({
    code: "FORBIDDEN",
    message: `"${name}" is a built-in model and cannot be retired; make another model the default with models.setDefault instead`,
  });
}

/** The refusal to make a retired model the default. */
export function retiredModelNotDefault(name: string): TRPCError {
  return new TRPCError({
    code: "PRECONDITION_FAILED",
    message: `Embedding model "${name}" is retired and cannot be the default; choose a model in use`,
  });
}
