import type { ServiceName } from "@cauldron/config";
import { authSweepFixture } from "@cauldron/service-auth/testing";
import { loreSweepFixture } from "@cauldron/service-lore/testing";
import { orgSweepFixture } from "@cauldron/service-org/testing";
import { storageSweepFixture } from "@cauldron/service-storage/testing";
import { telemetrySweepFixture } from "@cauldron/service-telemetry/testing";
import { vectorSweepFixture } from "@cauldron/service-vector/testing";
import type { SweepFixture } from "@cauldron/testing";

/**
 * Every service the sweep over every procedure covers, the one place a service registers. A
 * service without objects yet gets the bad-input sweep (`sweepWithoutObjects`); when it exports a fixture from its
 * `testing` entry (one of each of its objects in an organization), list that here instead and the
 * cross-organization checks cover its ids too.
 */
export const SWEPT_SERVICES: Record<ServiceName, SweepFixture> = {
  auth: authSweepFixture,
  org: orgSweepFixture,
  lore: loreSweepFixture,
  vector: vectorSweepFixture,
  telemetry: telemetrySweepFixture,
  storage: storageSweepFixture,
};
