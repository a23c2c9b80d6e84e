import type { Database } from "@cauldron/db";
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { LoreRuntime } from "../lore-runtime";

/** What keeping documents in step with knowledge-source buckets needs: lore's runtime, its database and a logger. */
export interface StorageImportContext {
  runtime: LoreRuntime;
  db: Kysely<Database>;
  logger: Logger;
}
