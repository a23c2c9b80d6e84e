import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";
import type { AlertKey } from "../raise-alert";
import type { GroupObservation, GroupState } from "./rule-transitions";

/** The pending and firing groups of a rule, as the previous evaluation left them. */
export async function loadGroupStates(trx: Transaction<Database>, ruleId: string): Promise<GroupState[]> {
  const rows = await trx
    .selectFrom("timeseries.alert_rule_states")
    .select(["group_key", "state", "active_since", "alert_id", "alert_time"])
    .where("rule_id", "=", ruleId)
    .execute();
  return rows.map((row) =>
    row.state === "firing" && row.alert_id !== null && row.alert_time !== null
      ? {
          key: row.group_key,
          state: "firing",
          activeSince: row.active_since,
          alert: { id: row.alert_id, time: row.alert_time },
        }
      : { key: row.group_key, state: "pending", activeSince: row.active_since },
  );
}

/** Where one group of a rule stands now. */
export interface GroupStateChange {
  organizationId: string;
  ruleId: string;
  observation: GroupObservation;
  activeSince: Date;
  evaluatedAt: Date;
  /** The alert it fired, or null while it is pending. */
  alert: AlertKey | null;
}

/** Records a group as pending or firing, replacing what was recorded of it. */
export async function saveGroupState(trx: Transaction<Database>, change: GroupStateChange): Promise<void> {
  const values = {
    state: change.alert ? "firing" : "pending",
    active_since: change.activeSince,
    last_value: change.observation.value,
    last_evaluated_at: change.evaluatedAt,
    alert_id: change.alert?.id ?? null,
    alert_time: change.alert?.time ?? null,
  };
  await trx
    .insertInto("timeseries.alert_rule_states")
    .values({
      organization_id: change.organizationId,
      rule_id: change.ruleId,
      group_key: change.observation.key,
      group_dimensions: JSON.stringify(change.observation.group),
      ...values,
    })
    .onConflict((conflict) => conflict.columns(["rule_id", "group_key"]).doUpdateSet(values))
    .execute();
}

/** Notes the latest values of groups that stay as they were, in one statement. */
export async function touchGroupStates(
  trx: Transaction<Database>,
  ruleId: string,
  observations: readonly GroupObservation[],
  evaluatedAt: Date,
): Promise<void> {
  if (observations.length === 0) return;
  const keys = observations.map((observation) => observation.key);
  const values = observations.map((observation) => observation.value);
  await sql`
    update timeseries.alert_rule_states as state
    set last_value = latest.value, last_evaluated_at = ${evaluatedAt}
    from unnest(${keys}::text[], ${values}::float8[]) as latest(key, value)
    where state.rule_id = ${ruleId}::uuid and state.group_key = latest.key
  `.execute(trx);
}

/** Forgets a group. */
export async function deleteGroupState(trx: Transaction<Database>, ruleId: string, key: string): Promise<void> {
  await trx
    .deleteFrom("timeseries.alert_rule_states")
    .where("rule_id", "=", ruleId)
    .where("group_key", "=", key)
    .execute();
}
