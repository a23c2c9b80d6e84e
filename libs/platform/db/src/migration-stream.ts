import type { Migration } from "kysely";
import { MIGRATIONS as SHIPPED_LIST } from "./migrations";
import * as m0033 from "./migrations/2026_12_03_0033_vector_pending_embeddings";

/**
 * The cluster's one ordered migration stream; names sort in the order they run. migrations/index.ts,
 * like every shipped migration file, never changes once released: the migrations after it join its
 * list here, one line each, so the list reads the same from there or from here once this module has
 * loaded (the migrator imports it).
 */
export const MIGRATIONS: Record<string, Migration> = Object.assign(SHIPPED_LIST, {
  "2026_12_03_0033_vector_pending_embeddings": m0033,
});
