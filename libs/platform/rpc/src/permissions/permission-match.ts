/**
 * Permissions are `resource:action` strings. A grant may use `*` for either part
 * (`documents:*`, `*:read`, `*:*`).
 */
const PERMISSION_PATTERN = /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*):(\*|[a-z][a-z0-9_]*)$/;

/** True when a string is a well-formed permission or permission pattern. */
export function isPermissionPattern(value: string): boolean {
  return PERMISSION_PATTERN.test(value);
}

/** True when `grant` (possibly with wildcards) covers the concrete `permission`. */
export function grantCovers(grant: string, permission: string): boolean {
  const [grantResource, grantAction] = grant.split(":");
  const [resource, action] = permission.split(":");
  if (!grantResource || !grantAction || !resource || !action) return false;
  return (grantResource === "*" || grantResource === resource) && (grantAction === "*" || grantAction === action);
}

/** True when any of the grants covers the permission. */
export function isGranted(grants: Iterable<string>, permission: string): boolean {
  for (const grant of grants) {
    if (grantCovers(grant, permission)) return true;
  }
  return false;
}

/**
 * What a principal may do: the user's grants, narrowed by a token's scopes when it acts through one.
 * A permission is effective only when both the user's grants and the scopes cover it.
 */
export function isEffectivelyGranted(
  userGrants: Iterable<string>,
  scopes: readonly string[] | null,
  permission: string,
): boolean {
  if (!isGranted(userGrants, permission)) return false;
  return scopes === null || isGranted(scopes, permission);
}
