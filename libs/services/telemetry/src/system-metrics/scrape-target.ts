import { withSystem, type Database } from "@cauldron/db";
import type { Kysely } from "kysely";
import { fetchMetricsPage, ScrapeFailure, type PageLimits } from "./fetch-metrics-page";
import { parsePrometheusText } from "./prometheus-text";
import { PrometheusTextError } from "./prometheus-text-error";
import type { ScrapeTarget } from "./scrape-targets";
import { storeSystemSamples } from "./store-system-samples";

/** How one target's scrape went: its samples stored, or why its page was not usable. */
export type ScrapeOutcome = { target: string; stored: number } | { target: string; failure: string };

/** The limits of one scrape: the page's, plus how many samples a page may hold. */
export interface ScrapeLimits extends PageLimits {
  maxSamples: number;
}

/**
 * Fetches one target's /metrics page and stores its samples as the system role. A page that cannot
 * be fetched or read is an outcome, not an error, so one broken target never stops the others;
 * failing to store is thrown, since that is this service's own trouble.
 */
export async function scrapeTarget(
  db: Kysely<Database>,
  target: ScrapeTarget,
  limits: ScrapeLimits,
): Promise<ScrapeOutcome> {
  const time = new Date();
  let samples;
  try {
    samples = parsePrometheusText(await fetchMetricsPage(target.metricsUrl, limits), limits.maxSamples);
  } catch (error) {
    if (error instanceof ScrapeFailure) return { target: target.name, failure: error.message };
    if (error instanceof PrometheusTextError)
      return { target: target.name, failure: `its page is not Prometheus text (${error.message})` };
    throw error;
  }
  const stored = await withSystem(db, (trx) => storeSystemSamples(trx, { host: target.name, time, samples }));
  return { target: target.name, stored };
}
