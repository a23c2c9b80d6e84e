import type { Migration } from "kysely";
import { MIGRATIONS as LANDED_THROUGH_0027 } from "./migrations";
import * as m0028 from "./migrations/2026_12_03_0028_definer_lookups_plpgsql";
import * as m0029 from "./migrations/2026_12_03_0029_storage_object_versions_unique";
import * as m0030 from "./migrations/2026_12_03_0030_lore_text_candidates";
import * as m0031 from "./migrations/2026_12_03_0031_user_overview_as_caller";
import * as m0032 from "./migrations/2026_12_03_0032_lore_chunk_lineage";
import * as m0033 from "./migrations/2026_12_03_0033_vector_pending_embeddings";

/**
 * The cluster's one ordered migration stream; names sort in the order they run. migrations/index.ts
 * keeps the list as it shipped up to 0027 and, like every shipped migration, never changes; later
 * migrations are listed here, one line each.
 */
export const MIGRATIONS: Record<string, Migration> = {
  ...LANDED_THROUGH_0027,
  "2026_12_03_0028_definer_lookups_plpgsql": m0028,
  "2026_12_03_0029_storage_object_versions_unique": m0029,
  "2026_12_03_0030_lore_text_candidates": m0030,
  "2026_12_03_0031_user_overview_as_caller": m0031,
  "2026_12_03_0032_lore_chunk_lineage": m0032,
  "2026_12_03_0033_vector_pending_embeddings": m0033,
};
