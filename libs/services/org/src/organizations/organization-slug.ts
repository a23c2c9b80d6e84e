import { randomBytes } from "node:crypto";

const MAX_SLUG_LENGTH = 63;

/** A slug made from an organization's name: lowercase ASCII words joined by hyphens. */
export function slugFromName(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/g, "");
  return slug.length > 0 ? slug : "organization";
}

/** The same slug with a short random suffix, for when the plain one is taken. */
export function suffixedSlug(slug: string): string {
  const suffix = randomBytes(3).toString("hex");
  return `${slug.slice(0, MAX_SLUG_LENGTH - suffix.length - 1).replace(/-+$/g, "")}-${suffix}`;
}
