import { isGranted } from "./permission-match";

/** The permission of platform administrators, who outrank everyone everywhere. */
export const PLATFORM_ADMIN_PERMISSION = "users:admin";

/** Whether the acting principal holds a permission, resolved in the scope of the change. */
export type HoldsPermission = (permission: string) => boolean;

/**
 * What an actor lacks to outrank someone: the permissions among `held` (every permission of
 * every role the affected holders hold in the scope) the actor does not hold. Empty means the
 * actor outranks them: it holds all of it (equal rank counts, wildcards count) or is a platform
 * administrator. The same test bounds granting: to grant a role, hold all of its permissions.
 */
export function rankShortfall(holds: HoldsPermission, held: Iterable<string>): string[] {
  if (holds(PLATFORM_ADMIN_PERMISSION)) return [];
  return [...new Set(held)].filter((permission) => !holds(permission)).sort();
}

/** True when the actor outranks whoever holds `held` (see rankShortfall). */
export function outranks(holds: HoldsPermission, held: Iterable<string>): boolean {
  return rankShortfall(holds, held).length === 0;
}

/** The `holds` test of a plain list of grants (wildcards count). */
export function holdsAmong(grants: readonly string[]): HoldsPermission {
  return (permission) => isGranted(grants, permission);
}
