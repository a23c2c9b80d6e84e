import { z } from "zod";

/** A service whose /metrics page is scraped; its samples are stored with `host` = `name`. */
export interface ScrapeTarget {
  name: string;
  metricsUrl: string;
}

const TARGET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const ENTRY_HINT = "name=http://host:port, e.g. auth=http://auth:4101";

/** The page a base URL names: /metrics below its path, unless the path already ends there. */
function metricsUrlOf(url: URL): string {
  if (!url.pathname.endsWith("/metrics")) url.pathname = `${url.pathname.replace(/\/+$/, "")}/metrics`;
  return url.toString();
}

/** What is wrong with one `name=url` entry, or the target it names. */
function readTarget(entry: string): ScrapeTarget | string {
  const separator = entry.indexOf("=");
  if (separator < 0) return `"${entry}" is not ${ENTRY_HINT}`;
  const name = entry.slice(0, separator).trim();
  const address = entry.slice(separator + 1).trim();
  if (!TARGET_NAME.test(name))
    return `"${name}" is not a target name (letters, digits, "_", "." and "-", at most 63 characters)`;
  if (!URL.canParse(address)) return `${name}: "${address}" is not a URL (${ENTRY_HINT})`;
  const url = new URL(address);
  if (url.protocol !== "http:" && url.protocol !== "https:") return `${name}: the URL must be http or https`;
  if (url.username || url.password) return `${name}: the URL must not carry credentials`;
  if (url.search || url.hash) return `${name}: the URL must not carry a query or fragment`;
  return { name, metricsUrl: metricsUrlOf(url) };
}

/**
 * `TELEMETRY_SCRAPE_TARGETS`: comma-separated `name=url` entries, each a service's base URL
 * (its /metrics page is scraped); empty by default, which scrapes nothing. A malformed entry, or
 * a name given twice, is refused with a message naming it.
 */
export const scrapeTargetsSetting = z
  .string()
  .default("")
  .transform((value, context) => {
    const targets: ScrapeTarget[] = [];
    const entries = value
      .split(",")
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0);
    for (const entry of entries) {
      const target = readTarget(entry);
      if (typeof target === "string") context.addIssue({ code: "custom", message: target });
      else if (targets.some((known) => known.name === target.name))
        context.addIssue({ code: "custom", message: `target ${target.name} is named twice` });
      else targets.push(target);
    }
    return targets;
  });
