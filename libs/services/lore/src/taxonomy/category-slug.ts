import { CATEGORY_SLUG_MAX_LENGTH } from "@cauldron/contracts";

const FALLBACK_SLUG = "category";

/**
 * The slug a category name suggests: accents dropped, lower-case, every run of other characters
 * one dash, no dash at either end; "category" when nothing of the name is left.
 */
export function slugFromName(name: string, maxLength = CATEGORY_SLUG_MAX_LENGTH): string {
  const slug = name
    .normalize("NFKD")
    .replace(/\p{Mn}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, maxLength)
    .replace(/^-+|-+$/g, "");
  return slug === "" ? FALLBACK_SLUG : slug;
}

/** `base` when free, else `base-2`, `base-3`, … the first one not in `taken`, all within the slug length limit. */
export function firstFreeSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let suffix = 2; ; suffix += 1) {
    const ending = `-${suffix}`;
    const stem = base.slice(0, CATEGORY_SLUG_MAX_LENGTH - ending.length).replace(/-+$/, "");
    const candidate = `${stem}${ending}`;
    if (!taken.has(candidate)) return candidate;
  }
}
