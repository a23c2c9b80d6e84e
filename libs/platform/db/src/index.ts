export { createDatabase, type DatabaseOptions } from "./pool";
export {
  MIGRATION_TABLE_SCHEMA,
  migrateDown,
  migrateUp,
  migrationStatus,
  type MigrationProgress,
  type MigrationRunOptions,
  type MigrationState,
} from "./migrator";
export { MIGRATIONS } from "./migrations";
export {
  InvalidTenantError,
  organizationAsCaller,
  userAsCaller,
  withSystem,
  withTenant,
  type TenantContext,
  type TransactionOptions,
} from "./tenant";
export { sendUnanswered } from "./unanswered-write";
export { sendChecked } from "./pipelined-dialect";
export { TENANT_TABLES, type TenantTable } from "./tenancy/tenant-tables";
export { createTenant, seedCoreTenant, type TenantFixture } from "./tenancy/fixtures/core";
export { containsPattern, prefixPattern } from "./like-pattern";
export {
  decodeNameCursor,
  decodeTimeCursor,
  encodeCursor,
  InvalidCursorError,
  pastNameKey,
  pastTimeKey,
  preciseTime,
  toPage,
  type KeysetPage,
  type NameKey,
  type TimeKey,
} from "./pagination/keyset";
export { toVectorBinary } from "./vector-binary";
export { parseVectorLiteral, toVectorLiteral } from "./vector-literal";
export type * from "./schema/database.generated";
