/*
 * Generated from the migrated database by `npm run db:types` (tools/db-types/generate.ts).
 * Do not edit: change a migration and regenerate. A test fails when this file drifts.
 */
import type { ColumnType, Generated, GeneratedAlways } from "kysely";

export type JsonPrimitive = boolean | number | string | null;
export type JsonArray = JsonValue[];
export type JsonObject = { [key: string]: JsonValue };
export type JsonValue = JsonPrimitive | JsonArray | JsonObject;
/** Writing json/jsonb: a plain object, or JSON text (JSON.stringify) for arrays and scalars. */
export type JsonInput = JsonObject | string;
export type Json = ColumnType<JsonValue, JsonInput, JsonInput>;

export interface AccessControls {
  bucket_id: string | null;
  created_at: Generated<Date>;
  created_by: string | null;
  entity_id: string;
  entity_type: string;
  id: Generated<string>;
  object_id: string | null;
  organization_id: string;
  permission: string;
}

export interface AdminLocalSecrets {
  created_at: Generated<Date>;
  name: string;
  secret: string;
}

export interface AdminSigningKeys {
  activates_at: Generated<Date>;
  algorithm: string;
  created_at: Generated<Date>;
  kid: string;
  private_jwk_encrypted: string;
  public_jwk: Json;
  retired_at: Date | null;
}

export interface AdminSystemSettings {
  created_at: Generated<Date>;
  description: string | null;
  id: Generated<string>;
  key: string;
  updated_at: Generated<Date>;
  updated_by: string | null;
  value: Json;
}

export interface ApiTokens {
  aal: Generated<string>;
  created_at: Generated<Date>;
  expires_at: Date | null;
  id: Generated<string>;
  last_used_at: Date | null;
  name: string;
  organization_id: string | null;
  prefix: string;
  revoked_at: Date | null;
  scopes: Generated<string[]>;
  secret_hash: string;
  user_id: string;
}

export interface AuditAuditLogs {
  action: string;
  actor_type: string;
  actor_user_id: string | null;
  created_at: Generated<Date>;
  id: Generated<string>;
  ip: string | null;
  metadata: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  organization_id: string | null;
  request_id: string | null;
  target_id: string | null;
  target_type: string | null;
  user_agent: string | null;
}

export interface AuthIdentities {
  created_at: Generated<Date>;
  email: GeneratedAlways<string | null>;
  id: Generated<string>;
  identity_data: Json;
  last_sign_in_at: Date | null;
  provider: string;
  provider_id: string;
  updated_at: Generated<Date>;
  user_id: string;
}

export interface AuthSessions {
  aal: string | null;
  created_at: Generated<Date>;
  id: Generated<string>;
  ip: string | null;
  not_after: Date | null;
  updated_at: Generated<Date>;
  user_agent: string | null;
  user_id: string;
}

export interface AuthUsers {
  aud: string | null;
  banned_until: Date | null;
  created_at: Generated<Date>;
  deleted_at: Date | null;
  email: string | null;
  email_confirmed_at: Date | null;
  encrypted_password: string | null;
  id: Generated<string>;
  is_super_admin: boolean | null;
  last_sign_in_at: Date | null;
  phone: string | null;
  phone_confirmed_at: Date | null;
  raw_app_meta_data: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  raw_user_meta_data: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  role: string | null;
  updated_at: Generated<Date>;
}

export interface FileMetadata {
  created_at: Generated<Date>;
  created_by: string | null;
  description: string | null;
  entity_id: string | null;
  entity_type: string | null;
  id: Generated<string>;
  object_id: string;
  organization_id: string;
  tags: Generated<string[]>;
  title: string | null;
  updated_at: Generated<Date>;
}

export interface IntegrationJobLeases {
  expires_at: Date;
  fencing_token: number;
  holder: string;
  job: string;
  last_run_at: Date | null;
}

export interface IntegrationOutbox {
  aggregate_id: string | null;
  aggregate_type: string;
  event_type: string;
  id: Generated<string>;
  last_error: string | null;
  metadata: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  occurred_at: Generated<Date>;
  organization_id: string | null;
  payload: Json;
  position: GeneratedAlways<number>;
  publish_attempts: Generated<number>;
  published_at: Date | null;
}

export interface IntegrationProcessedEvents {
  consumer: string;
  event_id: string;
  processed_at: Generated<Date>;
}

export interface LoreDocumentCategories {
  created_at: Generated<Date>;
  description: string | null;
  id: Generated<string>;
  name: string;
  organization_id: string;
  parent_id: string | null;
  slug: string;
  sort_order: Generated<number>;
  updated_at: Generated<Date>;
}

export interface LoreDocumentCategoryAssociations {
  category_id: string;
  created_at: Generated<Date>;
  document_id: string;
  id: Generated<string>;
  organization_id: string;
}

export interface LoreDocumentChunks {
  chunk_index: number;
  content: string;
  content_hash: GeneratedAlways<Buffer | null>;
  created_at: Generated<Date>;
  document_id: string;
  embedded_as: string | null;
  end_offset: number;
  heading_path: Generated<string[]>;
  id: Generated<string>;
  metadata: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  organization_id: string;
  search: GeneratedAlways<string | null>;
  start_offset: number;
  token_count: number | null;
  version: number;
}

export interface LoreDocumentTagAssociations {
  created_at: Generated<Date>;
  document_id: string;
  id: Generated<string>;
  organization_id: string;
  tag_id: string;
}

export interface LoreDocumentTags {
  color: string | null;
  created_at: Generated<Date>;
  id: Generated<string>;
  name: string;
  organization_id: string;
}

export interface LoreDocumentTeams {
  access_level: Generated<string>;
  created_at: Generated<Date>;
  document_id: string;
  id: Generated<string>;
  organization_id: string;
  team_id: string;
}

export interface LoreDocumentVersions {
  change_note: string | null;
  content: string;
  content_type: Generated<string>;
  created_at: Generated<Date>;
  created_by: string | null;
  document_id: string;
  id: Generated<string>;
  metadata: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  organization_id: string;
  title: string;
  version: number;
}

export interface LoreDocuments {
  archived_at: Date | null;
  archived_from_status: string | null;
  content: Generated<string>;
  content_type: Generated<string>;
  created_at: Generated<Date>;
  created_by: string | null;
  current_version: Generated<number>;
  deleted_at: Date | null;
  id: Generated<string>;
  index_error: string | null;
  index_parts_pending: Generated<number>;
  index_status: Generated<string>;
  indexed_version: number | null;
  metadata: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  organization_id: string;
  search: GeneratedAlways<string | null>;
  slug: string | null;
  source: string | null;
  source_url: string | null;
  status: Generated<string>;
  team_ids: Generated<string[]>;
  title: string;
  updated_at: Generated<Date>;
}

export interface LoreEntities {
  aliases: Generated<string[]>;
  canonical_name: string;
  created_at: Generated<Date>;
  description: string | null;
  id: Generated<string>;
  location: string | null;
  name: string;
  node_id: GeneratedAlways<number>;
  organization_id: string;
  properties: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  type_id: string;
  updated_at: Generated<Date>;
}

export interface LoreEntityDocumentAssociations {
  created_at: Generated<Date>;
  document_id: string;
  entity_id: string;
  id: Generated<string>;
  mention_count: Generated<number>;
  organization_id: string;
  relevance: number | null;
}

export interface LoreEntityMentions {
  chunk_id: string | null;
  confidence: Generated<number>;
  created_at: Generated<Date>;
  document_id: string;
  end_offset: number;
  entity_id: string;
  id: Generated<string>;
  mention_text: string;
  organization_id: string;
  start_offset: number;
}

export interface LoreEntityTypes {
  created_at: Generated<Date>;
  description: string | null;
  id: Generated<string>;
  name: string;
  organization_id: string;
  schema: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  updated_at: Generated<Date>;
}

export interface LoreRelationshipTypes {
  created_at: Generated<Date>;
  description: string | null;
  directed: Generated<boolean>;
  id: Generated<string>;
  inverse_name: string | null;
  name: string;
  organization_id: string;
}

export interface LoreRelationships {
  confidence: Generated<number>;
  created_at: Generated<Date>;
  edge_id: GeneratedAlways<number>;
  evidence_chunk_id: string | null;
  id: Generated<string>;
  organization_id: string;
  properties: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  source_entity_id: string;
  target_entity_id: string;
  type_id: string;
  updated_at: Generated<Date>;
  weight: Generated<number>;
}

export interface OrganizationInvitations {
  accepted_at: Date | null;
  accepted_by: string | null;
  created_at: Generated<Date>;
  declined_at: Date | null;
  email: string;
  expires_at: Date;
  id: Generated<string>;
  invited_by: string | null;
  organization_id: string;
  revoked_at: Date | null;
  role: Generated<string>;
  team_ids: Generated<string[]>;
  token_hash: string;
}

export interface OrganizationSettings {
  created_at: Generated<Date>;
  id: Generated<string>;
  key: string;
  organization_id: string;
  updated_at: Generated<Date>;
  updated_by: string | null;
  value: Json;
}

export interface OrganizationUsers {
  created_at: Generated<Date>;
  id: Generated<string>;
  invited_by: string | null;
  organization_id: string;
  role: Generated<string>;
  updated_at: Generated<Date>;
  user_id: string;
}

export interface Organizations {
  archived_at: Date | null;
  created_at: Generated<Date>;
  created_by: string | null;
  description: string | null;
  id: Generated<string>;
  logo_url: string | null;
  metadata: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  name: string;
  slug: string;
  updated_at: Generated<Date>;
}

export interface Permissions {
  created_at: Generated<Date>;
  description: string | null;
  id: Generated<string>;
  name: string;
}

export interface RolePermissions {
  created_at: Generated<Date>;
  organization_id: string | null;
  permission_id: string;
  role_id: string;
}

export interface Roles {
  created_at: Generated<Date>;
  description: string | null;
  id: Generated<string>;
  is_system: Generated<boolean>;
  name: string;
  organization_id: string | null;
  updated_at: Generated<Date>;
}

export interface StorageBuckets {
  allowed_mime_types: string[] | null;
  created_at: Generated<Date>;
  default_access: Generated<string>;
  file_size_limit: number | null;
  id: Generated<string>;
  knowledge_source: Generated<boolean>;
  name: string;
  organization_id: string;
  owner: string | null;
  public: Generated<boolean>;
  updated_at: Generated<Date>;
}

export interface StorageObjects {
  bucket_id: string;
  cache_control: string | null;
  checksum: string | null;
  created_at: Generated<Date>;
  id: Generated<string>;
  metadata: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  mime_type: string | null;
  name: string;
  organization_id: string;
  owner: string | null;
  path_tokens: GeneratedAlways<string[] | null>;
  size: Generated<number>;
  updated_at: Generated<Date>;
  version: Generated<string>;
}

export interface StorageQuotas {
  max_bytes: number | null;
  max_objects: number | null;
  organization_id: string;
  updated_at: Generated<Date>;
}

export interface StorageUploads {
  bucket_id: string;
  cache_control: string | null;
  content_type: string | null;
  created_at: Generated<Date>;
  expires_at: Date;
  id: Generated<string>;
  metadata: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  object_name: string;
  organization_id: string;
  owner: string | null;
  part_count: Generated<number>;
  updated_at: Generated<Date>;
  upload_length: number;
  upload_offset: Generated<number>;
  upsert: Generated<boolean>;
}

export interface StorageUsage {
  bytes: Generated<number>;
  objects: Generated<number>;
  organization_id: string;
}

export interface TeamMembers {
  created_at: Generated<Date>;
  id: Generated<string>;
  organization_id: string;
  role: Generated<string>;
  team_id: string;
  updated_at: Generated<Date>;
  user_id: string;
}

export interface Teams {
  created_at: Generated<Date>;
  description: string | null;
  id: Generated<string>;
  name: string;
  organization_id: string;
  updated_at: Generated<Date>;
}

export interface TimeseriesAgentMetrics {
  agent_id: string;
  execution_id: string | null;
  metric_name: string;
  metric_value: number;
  organization_id: string;
  tags: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  time: Generated<Date>;
}

export interface TimeseriesAlertChannels {
  created_at: Generated<Date>;
  created_by: string | null;
  email_addresses: Generated<string[]>;
  enabled: Generated<boolean>;
  id: Generated<string>;
  kind: string;
  min_severity: Generated<string>;
  name: string;
  organization_id: string;
  signing_secret: string | null;
  updated_at: Generated<Date>;
  webhook_url: string | null;
}

export interface TimeseriesAlertDeliveries {
  alert_id: string;
  attempts: Generated<number>;
  channel_id: string;
  created_at: Generated<Date>;
  delivered_at: Date | null;
  id: Generated<string>;
  last_error: string | null;
  next_attempt_at: Generated<Date>;
  organization_id: string;
  payload: Json;
  status: Generated<string>;
  transition: string;
  updated_at: Generated<Date>;
}

export interface TimeseriesAlertRuleStates {
  active_since: Date;
  alert_id: string | null;
  alert_time: Date | null;
  group_dimensions: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  group_key: string;
  last_evaluated_at: Generated<Date>;
  last_value: number | null;
  organization_id: string;
  rule_id: string;
  state: string;
}

export interface TimeseriesAlertRules {
  aggregate: string;
  condition: string;
  created_at: Generated<Date>;
  created_by: string | null;
  description: string | null;
  enabled: Generated<boolean>;
  evaluate_every_seconds: Generated<number>;
  for_seconds: Generated<number>;
  group_by: Generated<string[]>;
  id: Generated<string>;
  labels: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  metric_kind: Generated<string>;
  metric_name: string;
  name: string;
  next_evaluation_at: Generated<Date>;
  organization_id: string;
  severity: Generated<string>;
  threshold: number;
  updated_at: Generated<Date>;
  where_dimensions: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  window_seconds: number;
}

export interface TimeseriesAlerts {
  acknowledged_at: Date | null;
  alert_type: string;
  assigned_to: string | null;
  description: string | null;
  details: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  id: Generated<string>;
  labels: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  organization_id: string;
  resolved_at: Date | null;
  rule_id: string | null;
  severity: Generated<string>;
  silenced_until: Date | null;
  source: string;
  status: Generated<string>;
  time: Generated<Date>;
  title: string;
  updated_at: Generated<Date>;
}

export interface TimeseriesAnomalies {
  actual_value: number;
  details: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  detector_id: string | null;
  deviation_percent: number | null;
  entity_id: string | null;
  entity_type: string | null;
  expected_value: number | null;
  id: Generated<string>;
  metric_name: string;
  organization_id: string;
  severity: Generated<string>;
  time: Generated<Date>;
}

export interface TimeseriesAnomalyDetectors {
  aggregate: Generated<string>;
  alert_severity: Generated<string>;
  bucket_seconds: number;
  checked_until: Date | null;
  created_at: Generated<Date>;
  created_by: string | null;
  enabled: Generated<boolean>;
  id: Generated<string>;
  method: string;
  metric_kind: Generated<string>;
  metric_name: string;
  name: string;
  organization_id: string;
  parameters: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  raise_alerts: Generated<boolean>;
  updated_at: Generated<Date>;
  where_dimensions: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
}

export interface TimeseriesBusinessMetrics {
  dimensions: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  metric_name: string;
  metric_value: number;
  organization_id: string;
  time: Generated<Date>;
}

export interface TimeseriesEvents {
  details: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  entity_id: string | null;
  entity_type: string | null;
  event_id: string | null;
  event_type: string;
  organization_id: string | null;
  severity: Generated<string>;
  source: string;
  time: Generated<Date>;
  user_id: string | null;
}

export interface TimeseriesForecastModels {
  accuracy_metrics: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  created_at: Generated<Date>;
  created_by: string | null;
  description: string | null;
  horizon: Generated<number>;
  id: Generated<string>;
  last_run_at: Date | null;
  model_type: string;
  name: string;
  organization_id: string;
  parameters: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  refresh_every_seconds: number | null;
  target_metric: string;
  updated_at: Generated<Date>;
}

export interface TimeseriesForecasts {
  confidence_lower: number | null;
  confidence_upper: number | null;
  created_at: Generated<Date>;
  entity_id: string | null;
  entity_type: string | null;
  forecast_value: number;
  metric_name: string;
  model_id: string;
  organization_id: string;
  time: Date;
}

export interface TimeseriesMetricRollups1d {
  agent_id: string | null;
  dimensions: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  first_time: Date;
  first_value: number;
  kind: string;
  last_time: Date;
  last_value: number;
  metric_name: string;
  organization_id: string;
  sample_count: number;
  time: Date;
  value_max: number;
  value_min: number;
  value_sum: number;
}

export interface TimeseriesMetricRollups1h {
  agent_id: string | null;
  dimensions: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  first_time: Date;
  first_value: number;
  kind: string;
  last_time: Date;
  last_value: number;
  metric_name: string;
  organization_id: string;
  sample_count: number;
  time: Date;
  value_max: number;
  value_min: number;
  value_sum: number;
}

export interface TimeseriesMetricRollups1m {
  agent_id: string | null;
  dimensions: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  first_time: Date;
  first_value: number;
  kind: string;
  last_time: Date;
  last_value: number;
  metric_name: string;
  organization_id: string;
  sample_count: number;
  time: Date;
  value_max: number;
  value_min: number;
  value_sum: number;
}

export interface TimeseriesRetentionPolicies {
  keep_for: string | null;
  table_name: string;
  updated_at: Generated<Date>;
}

export interface TimeseriesRollupPending {
  kind: string;
  metric_name: string;
  minute: Date;
  organization_id: string;
  touched_at: Generated<Date>;
}

export interface TimeseriesSystemMetrics {
  host: string;
  metric_name: string;
  metric_value: number;
  tags: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  time: Generated<Date>;
}

export interface TimeseriesUserActivity {
  activity_type: string;
  details: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  ip_address: string | null;
  organization_id: string | null;
  time: Generated<Date>;
  user_agent: string | null;
  user_id: string;
}

export interface UserMappings {
  app_user_id: string;
  auth_user_id: string;
  created_at: Generated<Date>;
  id: Generated<string>;
}

export interface UserProfiles {
  avatar_url: string | null;
  bio: string | null;
  created_at: Generated<Date>;
  full_name: string | null;
  id: Generated<string>;
  job_title: string | null;
  locale: Generated<string>;
  metadata: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  phone: string | null;
  timezone: Generated<string>;
  updated_at: Generated<Date>;
  user_id: string;
}

export interface UserRoles {
  created_at: Generated<Date>;
  granted_by: string | null;
  id: Generated<string>;
  organization_id: string | null;
  role_id: string;
  user_id: string;
}

export interface UserSessions {
  aal: Generated<string>;
  created_at: Generated<Date>;
  expires_at: Date;
  family_id: string;
  id: Generated<string>;
  ip: string | null;
  last_used_at: Date | null;
  refresh_token_hash: string;
  replaced_by: string | null;
  revoked_at: Date | null;
  revoked_reason: string | null;
  user_agent: string | null;
  user_id: string;
}

export interface UserSettings {
  created_at: Generated<Date>;
  id: Generated<string>;
  key: string;
  updated_at: Generated<Date>;
  user_id: string;
  value: Json;
}

export interface Users {
  created_at: Generated<Date>;
  disabled_at: Date | null;
  display_name: string | null;
  email: string;
  email_verification_expires_at: Date | null;
  email_verification_token_hash: string | null;
  email_verified_at: Date | null;
  failed_login_attempts: Generated<number>;
  id: Generated<string>;
  last_login_at: Date | null;
  locked_until: Date | null;
  mfa_enabled_at: Date | null;
  mfa_recovery_code_hashes: Generated<string[]>;
  mfa_totp_last_step: number | null;
  mfa_totp_secret: string | null;
  password_hash: string | null;
  password_reset_expires_at: Date | null;
  password_reset_token_hash: string | null;
  updated_at: Generated<Date>;
}

export interface VectorCollectionItems {
  collection_id: string;
  created_at: Generated<Date>;
  embedding_id: string;
  id: Generated<string>;
  organization_id: string;
}

export interface VectorCollections {
  created_at: Generated<Date>;
  description: string | null;
  id: Generated<string>;
  metadata_schema: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  model_id: string;
  name: string;
  organization_id: string;
  updated_at: Generated<Date>;
}

export interface VectorEmbeddingModels {
  configuration: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  created_at: Generated<Date>;
  description: string | null;
  dimensions: number;
  distance: Generated<string>;
  id: Generated<string>;
  index_built_at: Date | null;
  index_ef_construction: Generated<number>;
  index_error: string | null;
  index_m: Generated<number>;
  index_name: string | null;
  index_state: Generated<string>;
  is_default: Generated<boolean>;
  name: string;
  organization_id: string | null;
  provider: string;
  retired_at: Date | null;
  updated_at: Generated<Date>;
  version: string | null;
}

export interface VectorEmbeddings {
  content: string;
  content_hash: GeneratedAlways<string>;
  content_tsv: GeneratedAlways<string | null>;
  created_at: Generated<Date>;
  dimensions: number;
  embedding: string | null;
  entity_id: string | null;
  entity_type: string | null;
  id: Generated<string>;
  metadata: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  model: string;
  model_id: string;
  organization_id: string;
  pending_embedding: string | null;
  updated_at: Generated<Date>;
}

export interface VectorSearchQueries {
  collection_id: string | null;
  created_at: Generated<Date>;
  filters: ColumnType<JsonValue, JsonInput | undefined, JsonInput>;
  id: Generated<string>;
  latency_ms: number | null;
  mode: Generated<string>;
  model_id: string | null;
  organization_id: string;
  query_embedding: string | null;
  query_text: string | null;
  result_count: number | null;
  similarity_threshold: number | null;
  top_k: Generated<number>;
  user_id: string | null;
}

export interface VectorSearchResults {
  chunk_id: string | null;
  created_at: Generated<Date>;
  embedding_id: string;
  id: Generated<string>;
  organization_id: string;
  query_id: string;
  rank: number;
  similarity_score: number;
}

export interface Database {
  access_controls: AccessControls;
  "admin.local_secrets": AdminLocalSecrets;
  "admin.signing_keys": AdminSigningKeys;
  "admin.system_settings": AdminSystemSettings;
  api_tokens: ApiTokens;
  "audit.audit_logs": AuditAuditLogs;
  "auth.identities": AuthIdentities;
  "auth.sessions": AuthSessions;
  "auth.users": AuthUsers;
  file_metadata: FileMetadata;
  "integration.job_leases": IntegrationJobLeases;
  "integration.outbox": IntegrationOutbox;
  "integration.processed_events": IntegrationProcessedEvents;
  "lore.document_categories": LoreDocumentCategories;
  "lore.document_category_associations": LoreDocumentCategoryAssociations;
  "lore.document_chunks": LoreDocumentChunks;
  "lore.document_tag_associations": LoreDocumentTagAssociations;
  "lore.document_tags": LoreDocumentTags;
  "lore.document_teams": LoreDocumentTeams;
  "lore.document_versions": LoreDocumentVersions;
  "lore.documents": LoreDocuments;
  "lore.entities": LoreEntities;
  "lore.entity_document_associations": LoreEntityDocumentAssociations;
  "lore.entity_mentions": LoreEntityMentions;
  "lore.entity_types": LoreEntityTypes;
  "lore.relationship_types": LoreRelationshipTypes;
  "lore.relationships": LoreRelationships;
  organization_invitations: OrganizationInvitations;
  organization_settings: OrganizationSettings;
  organization_users: OrganizationUsers;
  organizations: Organizations;
  permissions: Permissions;
  role_permissions: RolePermissions;
  roles: Roles;
  "storage.buckets": StorageBuckets;
  "storage.objects": StorageObjects;
  "storage.quotas": StorageQuotas;
  "storage.uploads": StorageUploads;
  "storage.usage": StorageUsage;
  team_members: TeamMembers;
  teams: Teams;
  "timeseries.agent_metrics": TimeseriesAgentMetrics;
  "timeseries.alert_channels": TimeseriesAlertChannels;
  "timeseries.alert_deliveries": TimeseriesAlertDeliveries;
  "timeseries.alert_rule_states": TimeseriesAlertRuleStates;
  "timeseries.alert_rules": TimeseriesAlertRules;
  "timeseries.alerts": TimeseriesAlerts;
  "timeseries.anomalies": TimeseriesAnomalies;
  "timeseries.anomaly_detectors": TimeseriesAnomalyDetectors;
  "timeseries.business_metrics": TimeseriesBusinessMetrics;
  "timeseries.events": TimeseriesEvents;
  "timeseries.forecast_models": TimeseriesForecastModels;
  "timeseries.forecasts": TimeseriesForecasts;
  "timeseries.metric_rollups_1d": TimeseriesMetricRollups1d;
  "timeseries.metric_rollups_1h": TimeseriesMetricRollups1h;
  "timeseries.metric_rollups_1m": TimeseriesMetricRollups1m;
  "timeseries.retention_policies": TimeseriesRetentionPolicies;
  "timeseries.rollup_pending": TimeseriesRollupPending;
  "timeseries.system_metrics": TimeseriesSystemMetrics;
  "timeseries.user_activity": TimeseriesUserActivity;
  user_mappings: UserMappings;
  user_profiles: UserProfiles;
  user_roles: UserRoles;
  user_sessions: UserSessions;
  user_settings: UserSettings;
  users: Users;
  "vector.collection_items": VectorCollectionItems;
  "vector.collections": VectorCollections;
  "vector.embedding_models": VectorEmbeddingModels;
  "vector.embeddings": VectorEmbeddings;
  "vector.search_queries": VectorSearchQueries;
  "vector.search_results": VectorSearchResults;
}
