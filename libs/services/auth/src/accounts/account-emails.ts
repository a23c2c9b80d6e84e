import type { Database } from "@cauldron/db";
import { requestEmail, type EmailComposer } from "@cauldron/email";
import { requestEventMetadata } from "@cauldron/rpc";
import type { Transaction } from "kysely";
import type { AuthRuntime } from "../auth-runtime";
import type { SecurityRequest } from "../security/security-events";
import { createOpaqueToken } from "../tokens/opaque-token";

/** The emails the auth service sends about an account. */
export type AccountEmailTemplate = "email_confirmation" | "password_reset" | "sign_up_existing_account";

/**
 * Queues an account email to a user in the caller's transaction. The address and any link are
 * filled in by the auth service's email worker when it sends, so the outbox holds only ids.
 */
export function requestAccountEmail(
  trx: Transaction<Database>,
  request: SecurityRequest,
  template: AccountEmailTemplate,
  userId: string,
): Promise<void> {
  return requestEmail(
    trx,
    { sender: "auth", template, about: { type: "user", id: userId } },
    requestEventMetadata(request),
  );
}

/**
 * How the email worker writes each account email. A link's token is minted here, in the delivery's
 * transaction, and only its hash is stored: a new link replaces the previous one, and a send that
 * fails rolls its token back with it.
 */
export function accountEmailComposers(runtime: AuthRuntime): Record<AccountEmailTemplate, EmailComposer> {
  const base = runtime.config.AUTH_APP_URL;
  return {
    async email_confirmation(trx, about) {
      const token = createOpaqueToken();
      const user = await trx
        .updateTable("users")
        .set({
          email_verification_token_hash: token.hash,
          email_verification_expires_at: new Date(Date.now() + runtime.config.EMAIL_CONFIRMATION_TTL_SECONDS * 1000),
        })
        .where("id", "=", about.id)
        .where("email_verified_at", "is", null)
        .where("disabled_at", "is", null)
        .returning("email")
        .executeTakeFirst();
      if (!user) return null;
      const link = `${base}/confirm-email?token=${encodeURIComponent(token.token)}`;
      return {
        to: user.email,
        subject: "Confirm your email address",
        text: `Confirm your email address by opening this link: ${link}\nIf you did not sign up, ignore this message.`,
        link,
        template: "email_confirmation",
      };
    },

    async password_reset(trx, about) {
      const token = createOpaqueToken();
      const user = await trx
        .updateTable("users")
        .set({
          password_reset_token_hash: token.hash,
          password_reset_expires_at: new Date(Date.now() + runtime.config.PASSWORD_RESET_TTL_SECONDS * 1000),
        })
        .where("id", "=", about.id)
        .where("disabled_at", "is", null)
        .returning(["email", "email_verified_at"])
        .executeTakeFirst();
      // An unknown address was queued with an id no account has: nothing to send.
      if (!user) return null;
      const link = `${base}/reset-password?token=${encodeURIComponent(token.token)}`;
      const minutes = Math.round(runtime.config.PASSWORD_RESET_TTL_SECONDS / 60);
      const unconfirmed =
        user.email_verified_at === null
          ? "This address was never confirmed for the account, so choosing a new password with this link also " +
            "confirms it and removes any second factor set up on the account: whoever set it up may not have been you.\n"
          : "";
      return {
        to: user.email,
        subject: "Reset your password",
        text:
          `Someone asked to reset your password. To choose a new one, open this link within ${minutes} minutes: ${link}\n` +
          unconfirmed +
          "If it was not you, ignore this message.",
        link,
        template: "password_reset",
      };
    },

    // The owner learns someone used their address; the message carries no link that acts on the account.
    async sign_up_existing_account(trx, about) {
      const user = await trx.selectFrom("users").select("email").where("id", "=", about.id).executeTakeFirst();
      if (!user) return null;
      return {
        to: user.email,
        subject: "Someone tried to sign up with your email address",
        text:
          "Someone tried to create an account with this email address, which already has one. " +
          `If it was you, sign in at ${base}/sign-in, or choose a new password at ${base}/reset-password.\n` +
          "If it was not you, ignore this message: nothing about your account changed.",
        template: "sign_up_existing_account",
      };
    },
  };
}
