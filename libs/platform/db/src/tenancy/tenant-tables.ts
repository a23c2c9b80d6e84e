/** A table whose rows belong to one tenant, and the column RLS confines them by. */
export interface TenantTable {
  table: string;
  column: "organization_id" | "user_id";
}

/**
 * Every tenant-owned table. The RLS test seeds each domain's fixture for two tenants and proves,
 * table by table, that neither can read, change or create the other's rows. Append new tables to
 * their domain's block (or add a block for a new domain).
 */
export const TENANT_TABLES: readonly TenantTable[] = [
  // core: users and access (public)
  { table: "public.user_profiles", column: "user_id" },
  { table: "public.user_sessions", column: "user_id" },
  { table: "public.api_tokens", column: "user_id" },
  { table: "public.user_settings", column: "user_id" },
  { table: "public.roles", column: "organization_id" },
  { table: "public.role_permissions", column: "organization_id" },
  { table: "public.user_roles", column: "organization_id" },
  // core: organizations (public)
  { table: "public.organization_users", column: "organization_id" },
  { table: "public.teams", column: "organization_id" },
  { table: "public.team_members", column: "organization_id" },
  { table: "public.organization_invitations", column: "organization_id" },
  { table: "public.organization_settings", column: "organization_id" },
  // audit
  { table: "audit.audit_logs", column: "organization_id" },
  // storage (storage schema and its public companions)
  { table: "storage.buckets", column: "organization_id" },
  { table: "storage.objects", column: "organization_id" },
  { table: "public.file_metadata", column: "organization_id" },
  { table: "public.access_controls", column: "organization_id" },
  { table: "storage.uploads", column: "organization_id" },
  { table: "storage.quotas", column: "organization_id" },
  { table: "storage.usage", column: "organization_id" },
  // lore
  { table: "lore.documents", column: "organization_id" },
  { table: "lore.document_versions", column: "organization_id" },
  { table: "lore.document_chunks", column: "organization_id" },
  { table: "lore.document_categories", column: "organization_id" },
  { table: "lore.document_category_associations", column: "organization_id" },
  { table: "lore.document_tags", column: "organization_id" },
  { table: "lore.document_tag_associations", column: "organization_id" },
  { table: "lore.document_teams", column: "organization_id" },
  { table: "lore.entity_types", column: "organization_id" },
  { table: "lore.entities", column: "organization_id" },
  { table: "lore.entity_document_associations", column: "organization_id" },
  { table: "lore.entity_mentions", column: "organization_id" },
  { table: "lore.relationship_types", column: "organization_id" },
  { table: "lore.relationships", column: "organization_id" },
  // vector (embedding_models: rows with organization_id NULL are built-in, readable by all, writable by none)
  { table: "vector.embedding_models", column: "organization_id" },
  { table: "vector.embeddings", column: "organization_id" },
  { table: "vector.collections", column: "organization_id" },
  { table: "vector.collection_items", column: "organization_id" },
  { table: "vector.search_queries", column: "organization_id" },
  { table: "vector.search_results", column: "organization_id" },
  // timeseries (system_metrics is platform-wide: RLS with no policy, system role only)
  { table: "timeseries.user_activity", column: "organization_id" },
  { table: "timeseries.business_metrics", column: "organization_id" },
  { table: "timeseries.agent_metrics", column: "organization_id" },
  { table: "timeseries.events", column: "organization_id" },
  { table: "timeseries.alerts", column: "organization_id" },
  { table: "timeseries.anomalies", column: "organization_id" },
  { table: "timeseries.forecast_models", column: "organization_id" },
  { table: "timeseries.forecasts", column: "organization_id" },
  { table: "timeseries.metric_rollups_1m", column: "organization_id" },
  { table: "timeseries.metric_rollups_1h", column: "organization_id" },
  { table: "timeseries.metric_rollups_1d", column: "organization_id" },
  { table: "timeseries.rollup_pending", column: "organization_id" },
  { table: "timeseries.alert_rules", column: "organization_id" },
  { table: "timeseries.alert_rule_states", column: "organization_id" },
  { table: "timeseries.alert_channels", column: "organization_id" },
  { table: "timeseries.alert_deliveries", column: "organization_id" },
  { table: "timeseries.anomaly_detectors", column: "organization_id" },
];
