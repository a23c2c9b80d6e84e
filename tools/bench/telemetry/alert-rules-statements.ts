import type { Database } from "@cauldron/db";
import type { Kysely, KyselyPlugin } from "kysely";

/** A pool that counts the statements sent through it (a transaction's begin and commit not counted). */
export interface CountedPool {
  db: Kysely<Database>;
  /** Statements sent since the last call. */
  take(): number;
}

/** The same pool, counting what goes through it, so a pass can be told by its round trips. */
export function countingStatements(db: Kysely<Database>): CountedPool {
  let statements = 0;
  const counter: KyselyPlugin = {
    transformQuery: ({ node }) => {
      statements += 1;
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return {
    db: db.withPlugin(counter),
    take: () => {
      const taken = statements;
      statements = 0;
      return taken;
    },
  };
}
