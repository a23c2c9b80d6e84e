import { withSystem, type Database } from "@cauldron/db";
import type { Kysely } from "kysely";
import { fetchMetricsPage, ScrapeFailure, type PageLimits } from "./fetch-metrics-page";
import { parsePrometheusText, type PrometheusSample } from "./prometheus-text";
import { PrometheusTextError } from "./prometheus-text-error";
import type { ScrapeInstance } from "./scrape-instances";
import { storeSystemSamples } from "./store-system-samples";

/** How one target's scrape went: its samples stored, or why its page was not usable. */
export type ScrapeOutcome = { target: string; stored: number } | { target: string; failure: string };

/** The limits of one scrape: the page's, plus how many samples a page may hold. */
export interface ScrapeLimits extends PageLimits {
  maxSamples: number;
}

/**
 * The sample with its replica's `instance` label; a label of that name the page set itself is kept
 * as `exported_instance`, as Prometheus keeps it.
 */
function withInstance(sample: PrometheusSample, instance: string): PrometheusSample {
  const { instance: exported, ...labels } = sample.labels;
  return {
    ...sample,
    labels: { ...labels, ...(exported !== undefined ? { exported_instance: exported } : {}), instance },
  };
}

/**
 * Fetches one replica's /metrics page and stores its samples as the system role, labelled with the
 * replica's `instance`. A page that cannot be fetched or read is an outcome, not an error, so one
 * broken target never stops the others; failing to store is thrown, since that is this service's
 * own trouble.
 */
export async function scrapeTarget(
  db: Kysely<Database>,
  target: ScrapeInstance,
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
  const labelled = samples.map((sample) => withInstance(sample, target.instance));
  const stored = await withSystem(db, (trx) => storeSystemSamples(trx, { host: target.name, time, samples: labelled }));
  return { target: target.name, stored };
}
