import type { OrganizationWriteContext } from "@cauldron/rpc";
import type { MetricsReader } from "../metrics/query-metrics";

/** What a forecast-changing procedure needs of its context: the pool, the organization, a transaction, the actor and the recorder. */
export type ForecastsCaller = MetricsReader & OrganizationWriteContext;
