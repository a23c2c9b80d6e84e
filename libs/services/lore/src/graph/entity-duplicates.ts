import type { duplicateEntitiesSchema, findDuplicateEntitiesInputSchema } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";
import type { z } from "zod";
import { useTrigramThreshold } from "./trigram-threshold";

type DuplicateEntities = z.infer<typeof duplicateEntitiesSchema>;

interface PairRow {
  first_id: string;
  first_name: string;
  second_id: string;
  second_name: string;
  type_id: string;
  type_name: string;
  similarity: number;
}

/**
 * Copies the entities the caller can see (of one type, or all) into a temporary table with its
 * own trigram index. Under RLS Postgres never uses lore.entities' trigram index for `%`: the
 * operator is not leakproof, so it is checked only after the team-access policy, row by row, and
 * pairing names would compare every pair and run the policy once per pair.
 */
async function copyVisibleEntities(trx: Transaction<Database>, typeId: string | null): Promise<void> {
  await sql`
    create temporary table duplicate_candidates on commit drop as
      select id, type_id, name from lore.entities where ${typeId}::uuid is null or type_id = ${typeId}::uuid
  `.execute(trx);
  await sql`create index on pg_temp.duplicate_candidates using gin (name gin_trgm_ops)`.execute(trx);
  await sql`analyze pg_temp.duplicate_candidates`.execute(trx);
}

/**
 * Pairs of entities of one type whose names are alike by trigram similarity (at least
 * `threshold`), most alike first: candidates for entities.merge.
 */
export async function findDuplicateEntities(
  trx: Transaction<Database>,
  input: z.infer<typeof findDuplicateEntitiesInputSchema>,
): Promise<DuplicateEntities> {
  await useTrigramThreshold(trx, input.threshold);
  await copyVisibleEntities(trx, input.typeId ?? null);
  // One probe of the trigram index per entity (`%`, lateral); no entity takes part in more than
  // `limit` of the best pairs, so each probe stops there.
  const result = await sql<PairRow>`
    select a.id as first_id, a.name as first_name, b.id as second_id, b.name as second_name,
      a.type_id, t.name as type_name, b.similarity
    from pg_temp.duplicate_candidates a
    cross join lateral (
      select b.id, b.name, similarity(a.name, b.name)::float8 as similarity
      from pg_temp.duplicate_candidates b
      where b.name % a.name and b.type_id = a.type_id and b.id > a.id
      order by similarity desc, b.id
      limit ${input.limit}
    ) b
    join lore.entity_types t on t.id = a.type_id
    order by b.similarity desc, a.id, b.id
    limit ${input.limit}
  `.execute(trx);
  return {
    pairs: result.rows.map((row) => ({
      typeId: row.type_id,
      typeName: row.type_name,
      similarity: row.similarity,
      first: { id: row.first_id, name: row.first_name },
      second: { id: row.second_id, name: row.second_name },
    })),
  };
}
