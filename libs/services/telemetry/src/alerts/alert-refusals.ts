import { conflict, type RefusalError } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";

/** NOT_FOUND messages for ids the caller cannot see: unknown, or another organization's. */
export const ALERT_NOT_FOUND = "Alert not found in this organization";
export const ALERT_RULE_NOT_FOUND = "Alert rule not found in this organization";

/** CONFLICT (reason `name_taken`) for a rule name the organization already uses. */
export function ruleNameTaken(name: string): RefusalError {
  return conflict(
    "name_taken",
    `An alert rule named "${name}" already exists; choose another name or update that rule`,
  );
}

/** CONFLICT for handling an alert that is already over. */
export function alertAlreadyResolved(change: "acknowledged" | "silenced"): TRPCError {
  return new TRPCError({
    code: "CONFLICT",
    message: `This alert is resolved and can no longer be ${change}; only open alerts can be`,
  });
}
