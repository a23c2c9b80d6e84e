import { sendChecked, withTenant, type Database } from "@cauldron/db";
import type { Kysely, Transaction } from "kysely";
import { principalScopes, principalUserId, type Principal } from "../auth/principal";
import {
  accessOfRow,
  organizationAccessStatement,
  resolveOrganizationAccess,
  type OrganizationAccess,
  type OrganizationAccessRow,
} from "./organization-access";
import { admittedAccess, permissionRefusal, type OrganizationCaller } from "./organization-caller";
import { isEffectivelyGranted } from "./permission-match";
import { assertMayActInOrganization, type PermissionName } from "./procedure-scope";

/** A caller's admission into an organization for one read, decided alongside the read itself. */
export interface ReadAdmission {
  caller: OrganizationCaller;
  /** A permission the caller must hold, decided with the admission. */
  require(permission: PermissionName): void;
  /**
   * Resolves once the caller is known to be admitted (looking it up now if the read never opened
   * a transaction), and throws the refusal otherwise. Nothing the read produced may leave before.
   */
  confirm(): Promise<void>;
}

type Verdict = { admitted: OrganizationAccess } | { refusal: unknown };

function ignore(): void {}

/**
 * Admits a user into an organization for a read without a round trip of its own: the access
 * look-up rides in the read's first transaction, sent ahead of the read's first statement, whose
 * answer is handed out only once the look-up admitted the caller (pipelined-dialect.ts). A refused
 * caller's statements therefore run, under the organization's Row-Level Security, but nothing they
 * return reaches the caller, and a transaction whose look-up refused never commits. The decision
 * is the eager path's (admittedAccess, then each required permission), with the same errors.
 */
export function admitForRead(db: Kysely<Database>, principal: Principal, organizationId: string): ReadAdmission {
  assertMayActInOrganization(principal, organizationId);
  const userId = principalUserId(principal);
  if (userId === null) throw new TypeError("a read admission is for callers acting as a user");
  const scopes = principalScopes(principal);
  const required: PermissionName[] = [];
  let verdict: Verdict | undefined;
  let lookingUp: Promise<void> | undefined;

  const upheld = (decided: Verdict): void => {
    if ("refusal" in decided) throw decided.refusal;
  };
  const decide = (access: OrganizationAccess | null): void => {
    try {
      const admitted = admittedAccess(principal, access);
      const missing = required.find((permission) => !isEffectivelyGranted(admitted.grants, scopes, permission));
      if (missing) throw permissionRefusal(missing);
      verdict = { admitted };
    } catch (refusal) {
      verdict = { refusal };
    }
    upheld(verdict);
  };
  // Each of the read's transactions checks in first; until a look-up has answered, each sends one.
  const checkIn = async (trx: Transaction<Database>): Promise<void> => {
    if (lookingUp) await lookingUp.catch(ignore);
    if (verdict) return upheld(verdict);
    const statement = organizationAccessStatement(userId, organizationId).compile(trx);
    const { checked } = await sendChecked<Database, OrganizationAccessRow>(trx, statement, (result) =>
      decide(accessOfRow(result.rows[0], organizationId)),
    );
    lookingUp = checked;
  };

  return {
    caller: {
      organizationId,
      // A read never needs it; write procedures are admitted eagerly.
      organizationArchived: null,
      can(permission) {
        if (!verdict) throw new Error("can() was asked before the read's organization access was looked up");
        return "admitted" in verdict && isEffectivelyGranted(verdict.admitted.grants, scopes, permission);
      },
      // The read's transactions are READ ONLY, so Postgres itself holds the procedure to reading.
      tenant: (work) =>
        withTenant(
          db,
          { userId, organizationId },
          async (trx) => {
            await checkIn(trx);
            return work(trx);
          },
          { readOnly: true },
        ),
    },
    require(permission) {
      required.push(permission);
    },
    async confirm() {
      if (lookingUp) await lookingUp.catch(ignore);
      if (!verdict) decide(await resolveOrganizationAccess(db, userId, organizationId));
      upheld(verdict!);
    },
  };
}
