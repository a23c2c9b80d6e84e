import type { ProfileUpdateInput } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import type { Transaction } from "kysely";

/** Updates the caller's display name and the profile fields given; runs under the user's own RLS. */
export async function updateProfile(
  trx: Transaction<Database>,
  userId: string,
  input: ProfileUpdateInput,
): Promise<string[]> {
  if (input.displayName !== undefined) {
    await trx.updateTable("users").set({ display_name: input.displayName }).where("id", "=", userId).execute();
  }
  const changes = {
    ...(input.fullName !== undefined ? { full_name: input.fullName } : {}),
    ...(input.avatarUrl !== undefined ? { avatar_url: input.avatarUrl } : {}),
    ...(input.bio !== undefined ? { bio: input.bio } : {}),
    ...(input.jobTitle !== undefined ? { job_title: input.jobTitle } : {}),
    ...(input.phone !== undefined ? { phone: input.phone } : {}),
    ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
    ...(input.locale !== undefined ? { locale: input.locale } : {}),
  };
  if (Object.keys(changes).length > 0) {
    await trx
      .insertInto("user_profiles")
      .values({ user_id: userId, ...changes })
      .onConflict((conflict) => conflict.column("user_id").doUpdateSet(changes))
      .execute();
  }
  return Object.keys(input);
}
