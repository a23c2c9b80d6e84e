import { conflict, invalidFields, type RefusalError } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";

/** NOT_FOUND messages for ids the caller cannot see: unknown, another organization's, or hidden by team access. */
export const ENTITY_TYPE_NOT_FOUND = "Entity type not found in this organization";
export const ENTITY_NOT_FOUND = "Entity not found in this organization";
export const RELATIONSHIP_TYPE_NOT_FOUND = "Relationship type not found in this organization";
export const RELATIONSHIP_NOT_FOUND = "Relationship not found in this organization";
export const EVIDENCE_CHUNK_NOT_FOUND = "Evidence chunk not found in this organization";

/** NOT_FOUND with one of the messages above, for a check that found nothing. */
export function notFound(message: string): TRPCError {
  return new TRPCError({ code: "NOT_FOUND", message });
}

/** CONFLICT (reason `name_taken`) for a name its scope already uses. */
export function nameTaken(what: string, name: string): RefusalError {
  return conflict("name_taken", `${what} named "${name}" already exists; choose another name or use the existing one`);
}

/** CONFLICT for deleting a type that rows still use. */
export function typeInUse(what: "entity type" | "relationship type", users: "entities" | "relationships"): TRPCError {
  return new TRPCError({
    code: "CONFLICT",
    message: `This ${what} is still used by ${users}; delete or merge them first`,
  });
}

/** CONFLICT for a second relationship of one type between the same two entities in the same direction. */
export function relationshipExists(): TRPCError {
  return new TRPCError({
    code: "CONFLICT",
    message: "These entities already have a relationship of this type in this direction; update that one instead",
  });
}

/** BAD_REQUEST on `name` for a name made only of punctuation and spaces. */
export function nameWithoutWords(): TRPCError {
  return invalidFields([{ path: ["name"], message: "name needs at least one letter, digit or symbol" }]);
}

/** The Postgres error a constraint raised, matched by SQLSTATE and constraint name. */
export function violates(error: unknown, code: "23505" | "23503", constraint: string): boolean {
  const pgError = error as { code?: unknown; constraint?: unknown } | null;
  return pgError?.code === code && pgError.constraint === constraint;
}
