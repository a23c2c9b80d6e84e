import { randomBytes } from "node:crypto";
import type { Database } from "@cauldron/db";
import { forbidden, recordChange } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import type { Transaction } from "kysely";
import type { AuthRuntime } from "../auth-runtime";
import { userAggregate, type SecurityRequest } from "../security/security-events";
import { decodeBase32, encodeBase32 } from "./base32";
import { generateRecoveryCodes, hashRecoveryCode } from "./recovery-codes";
import { verifyTotp } from "./totp";

/** The second factor of a user, locked for the transaction. */
export interface SecondFactor {
  email: string;
  emailVerified: boolean;
  sealedSecret: string | null;
  enabledAt: Date | null;
  lastStep: number | null;
  recoveryCodeHashes: string[];
}

/** Reads the user's second factor and locks the row, so a code cannot be used twice concurrently. */
export async function lockSecondFactor(trx: Transaction<Database>, userId: string): Promise<SecondFactor> {
  const row = await trx
    .selectFrom("users")
    .select([
      "email",
      "email_verified_at",
      "mfa_totp_secret",
      "mfa_enabled_at",
      "mfa_totp_last_step",
      "mfa_recovery_code_hashes",
    ])
    .where("id", "=", userId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return {
    email: row.email,
    emailVerified: row.email_verified_at !== null,
    sealedSecret: row.mfa_totp_secret,
    enabledAt: row.mfa_enabled_at,
    lastStep: row.mfa_totp_last_step,
    recoveryCodeHashes: row.mfa_recovery_code_hashes,
  };
}

/**
 * The assurance of the caller's session, its live rows locked for the transaction; undefined when
 * it is no live session of this user (revoked, or not started with auth.signIn).
 */
export async function lockSessionAssurance(
  trx: Transaction<Database>,
  userId: string,
  sessionId: string,
): Promise<"aal1" | "aal2" | undefined> {
  const rows = await trx
    .selectFrom("user_sessions")
    .select("aal")
    .where("user_id", "=", userId)
    .where("family_id", "=", sessionId)
    .where("revoked_at", "is", null)
    .forUpdate()
    .execute();
  if (rows.length === 0) return undefined;
  return rows.some((row) => row.aal === "aal2") ? "aal2" : "aal1";
}

/**
 * Starts (or restarts) enrolment: a new TOTP secret, sealed at rest, active once a code is verified.
 * Needs a confirmed address: whoever signed up with someone else's address must not be able to
 * hold a second factor over the account its owner may later claim.
 */
export async function beginEnrolment(
  trx: Transaction<Database>,
  runtime: AuthRuntime,
  userId: string,
): Promise<{ secret: string; otpauthUri: string }> {
  const factor = await lockSecondFactor(trx, userId);
  if (!factor.emailVerified) {
    throw forbidden(
      "email_unverified",
      "Confirm your email address before enrolling a second factor; auth.email.requestConfirmation sends a new link",
    );
  }
  if (factor.enabledAt) {
    throw new TRPCError({ code: "CONFLICT", message: "A second factor is already enrolled; unenroll it first" });
  }
  const secret = encodeBase32(randomBytes(20));
  const cipher = await runtime.cipher();
  await trx
    .updateTable("users")
    .set({ mfa_totp_secret: cipher.seal(secret), mfa_totp_last_step: null, mfa_recovery_code_hashes: [] })
    .where("id", "=", userId)
    .execute();
  const issuer = runtime.config.MFA_ISSUER;
  const label = encodeURIComponent(`${issuer}:${factor.email}`);
  const query = new URLSearchParams({ secret, issuer, algorithm: "SHA1", digits: "6", period: "30" });
  return { secret, otpauthUri: `otpauth://totp/${label}?${query.toString()}` };
}

/** Checks a TOTP code against the user's secret; records the step so the code cannot be replayed. */
export async function acceptTotpCode(
  trx: Transaction<Database>,
  runtime: AuthRuntime,
  userId: string,
  factor: SecondFactor,
  code: string,
): Promise<boolean> {
  if (!factor.sealedSecret) return false;
  const secret = decodeBase32((await runtime.cipher()).open(factor.sealedSecret));
  const step = verifyTotp(secret, code, { atMs: Date.now(), lastUsedStep: factor.lastStep });
  if (step === null) return false;
  await trx.updateTable("users").set({ mfa_totp_last_step: step }).where("id", "=", userId).execute();
  return true;
}

/** Spends one recovery code, if it is one of the user's unused ones. */
export async function acceptRecoveryCode(
  trx: Transaction<Database>,
  userId: string,
  factor: SecondFactor,
  code: string,
): Promise<boolean> {
  const hash = hashRecoveryCode(code);
  if (!factor.enabledAt || !factor.recoveryCodeHashes.includes(hash)) return false;
  await trx
    .updateTable("users")
    .set({ mfa_recovery_code_hashes: factor.recoveryCodeHashes.filter((stored) => stored !== hash) })
    .where("id", "=", userId)
    .execute();
  return true;
}

/** Replaces the recovery codes; returns the new ones (shown once, stored as hashes). */
export async function replaceRecoveryCodes(trx: Transaction<Database>, userId: string): Promise<string[]> {
  const codes = generateRecoveryCodes();
  await trx
    .updateTable("users")
    .set({ mfa_recovery_code_hashes: codes.map(hashRecoveryCode) })
    .where("id", "=", userId)
    .execute();
  return codes;
}

/** Records a second-factor change (audit row and `mfa.changed` event). */
export function recordFactorChange(
  trx: Transaction<Database>,
  ctx: SecurityRequest,
  userId: string,
  change: "enrolled" | "unenrolled" | "recovery_codes_regenerated" | "recovery_code_used",
): Promise<void> {
  return recordChange(trx, ctx, {
    action: `mfa.${change}`,
    organizationId: null,
    target: { type: "user", id: userId },
    events: [{ name: "mfa.changed", payload: { userId, change }, aggregate: userAggregate(userId) }],
  });
}
