import type { Migration } from "kysely";
import * as m0001 from "./2026_11_26_0001_foundation";
import * as m0002 from "./2026_11_26_0002_core";
import * as m0003 from "./2026_11_26_0003_supabase_and_storage";
import * as m0004 from "./2026_11_26_0004_lore";
import * as m0005 from "./2026_11_26_0005_vector";
import * as m0006 from "./2026_11_26_0006_integration";
import * as m0007 from "./2026_11_26_0007_timeseries";
import * as m0008 from "./2026_11_26_0008_auth_keys_and_mfa";
import * as m0009 from "./2026_11_26_0009_org_service";
import * as m0010 from "./2026_11_26_0010_signing_key_activation";
import * as m0011 from "./2026_11_26_0011_organization_access";
import * as m0012 from "./2026_11_26_0012_auth_lookups";
import * as m0015 from "./2026_12_02_0015_token_assurance";
import * as m0016 from "./2026_12_02_0016_database_hardening";
import * as m0017 from "./2026_12_02_0017_worker_leases";
import * as m0018 from "./2026_12_02_0018_reserved_schemas_and_realtime";
import * as m0020 from "./2026_12_02_0020_organization_access_archived";
import * as m0021 from "./2026_12_02_0021_outbox_order";
import * as m0022 from "./2026_12_02_0022_vector_models";
import * as m0023 from "./2026_12_02_0023_lore_service";
import * as m0024 from "./2026_12_02_0024_storage_service";
import * as m0025 from "./2026_12_02_0025_lore_storage_sources";
import * as m0026 from "./2026_12_02_0026_telemetry_service";
import * as m0027 from "./2026_12_02_0027_telemetry_refinements";
import * as m0028 from "./2026_12_03_0028_definer_lookups_plpgsql";
import * as m0029 from "./2026_12_03_0029_storage_object_versions_unique";
import * as m0030 from "./2026_12_03_0030_lore_text_candidates";
import * as m0031 from "./2026_12_03_0031_user_overview_as_caller";
import * as m0032 from "./2026_12_03_0032_lore_chunk_lineage";
import * as m0033 from "./2026_12_03_0033_vector_pending_embeddings";

/** The cluster's one ordered migration stream; names sort in the order they run. */
export const MIGRATIONS: Record<string, Migration> = {
  "2026_11_26_0001_foundation": m0001,
  "2026_11_26_0002_core": m0002,
  "2026_11_26_0003_supabase_and_storage": m0003,
  "2026_11_26_0004_lore": m0004,
  "2026_11_26_0005_vector": m0005,
  "2026_11_26_0006_integration": m0006,
  "2026_11_26_0007_timeseries": m0007,
  "2026_11_26_0008_auth_keys_and_mfa": m0008,
  "2026_11_26_0009_org_service": m0009,
  "2026_11_26_0010_signing_key_activation": m0010,
  "2026_11_26_0011_organization_access": m0011,
  "2026_11_26_0012_auth_lookups": m0012,
  "2026_12_02_0015_token_assurance": m0015,
  "2026_12_02_0016_database_hardening": m0016,
  "2026_12_02_0017_worker_leases": m0017,
  "2026_12_02_0018_reserved_schemas_and_realtime": m0018,
  "2026_12_02_0020_organization_access_archived": m0020,
  "2026_12_02_0021_outbox_order": m0021,
  "2026_12_02_0022_vector_models": m0022,
  "2026_12_02_0023_lore_service": m0023,
  "2026_12_02_0024_storage_service": m0024,
  "2026_12_02_0025_lore_storage_sources": m0025,
  "2026_12_02_0026_telemetry_service": m0026,
  "2026_12_02_0027_telemetry_refinements": m0027,
  "2026_12_03_0028_definer_lookups_plpgsql": m0028,
  "2026_12_03_0029_storage_object_versions_unique": m0029,
  "2026_12_03_0030_lore_text_candidates": m0030,
  "2026_12_03_0031_user_overview_as_caller": m0031,
  "2026_12_03_0032_lore_chunk_lineage": m0032,
  "2026_12_03_0033_vector_pending_embeddings": m0033,
};
