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
