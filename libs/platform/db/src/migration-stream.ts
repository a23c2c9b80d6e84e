import type { Migration } from "kysely";
import { MIGRATIONS as LANDED_MIGRATIONS } from "./migrations";
import * as m0024 from "./migrations/2026_12_02_0024_storage_service";
import * as m0025 from "./migrations/2026_12_02_0025_lore_storage_sources";

/**
 * The cluster's one ordered migration stream; names sort in the order they run. The registry in
 * ./migrations stays as it landed; migrations after it are listed here.
 */
export const MIGRATIONS: Record<string, Migration> = {
  ...LANDED_MIGRATIONS,
  "2026_12_02_0024_storage_service": m0024,
  "2026_12_02_0025_lore_storage_sources": m0025,
};
