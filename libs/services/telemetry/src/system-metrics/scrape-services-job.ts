import type { JobWorker } from "@cauldron/rpc";
import { instancesOf, resolveAllAddresses, type AddressResolver } from "./scrape-instances";
import { scrapeTarget } from "./scrape-target";
import type { ScrapeTarget } from "./scrape-targets";

/** What the scrape job scrapes, how often, and within which limits. */
export interface ScrapeServicesOptions {
  targets: readonly ScrapeTarget[];
  everyMs?: number;
  timeoutMs?: number;
  /** Largest page read from one target; past it the target's scrape fails. */
  maxPageBytes?: number;
  /** Most samples stored from one page; a page with more fails whole. */
  maxSamples?: number;
  /** How a target's host name becomes the addresses of its replicas (DNS by default). */
  resolveAddresses?: AddressResolver;
}

/**
 * Scrapes the /metrics page of every replica of every target into timeseries.system_metrics, once
 * per deployment per period, side by side: a target's host name is resolved to all its addresses
 * (scrape-instances.ts), and each replica's samples carry its `instance` label. A replica that
 * fails gets one warning naming its target and why (never its URL, which may carry a secret of
 * the deployment); the others are stored regardless. Only a failure to store makes the run fail.
 */
export function scrapeServicesJob(options: ScrapeServicesOptions): JobWorker {
  const limits = {
    timeoutMs: options.timeoutMs ?? 5_000,
    // A service's page is tens of kilobytes; the cap only stops a runaway or hostile one.
    maxBytes: options.maxPageBytes ?? 8 * 1_024 * 1_024,
    maxSamples: options.maxSamples ?? 50_000,
  };
  return {
    kind: "job",
    name: "telemetry.scrape-services",
    everyMs: options.everyMs ?? 15_000,
    async run({ db, logger, signal }) {
      const resolve = options.resolveAddresses ?? resolveAllAddresses;
      const instances = (await Promise.all(options.targets.map((target) => instancesOf(target, resolve)))).flat();
      const results = await Promise.allSettled(
        instances.map((instance) => scrapeTarget(db, instance, { ...limits, signal })),
      );
      const outcomes = results.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
      for (const outcome of outcomes) {
        if ("failure" in outcome)
          logger.warn({ target: outcome.target, reason: outcome.failure }, "could not scrape a service's metrics");
      }
      const stored = outcomes.reduce((sum, outcome) => sum + ("stored" in outcome ? outcome.stored : 0), 0);
      logger.debug(
        { targets: options.targets.length, instances: instances.length, stored },
        "scraped the services' metrics",
      );
      const storeError = results.find((result) => result.status === "rejected");
      if (storeError) throw storeError.reason;
    },
  };
}

/** The scrape job, or none when no target is configured. */
export function scrapeServicesJobs(options: ScrapeServicesOptions): JobWorker[] {
  return options.targets.length === 0 ? [] : [scrapeServicesJob(options)];
}
