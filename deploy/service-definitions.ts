import type { ServiceName } from "@cauldron/config";
import type { ServiceDefinition } from "@cauldron/rpc";
import { authService } from "@cauldron/service-auth";
import { loreService } from "@cauldron/service-lore";
import { orgService } from "@cauldron/service-org";
import { storageService } from "@cauldron/service-storage";
import { telemetryService } from "@cauldron/service-telemetry";
import { vectorService } from "@cauldron/service-vector";

/** Every service as its entry point runs it, for tests that check what deployments give each. */
export const SERVICE_DEFINITIONS: Record<ServiceName, ServiceDefinition> = {
  auth: authService,
  org: orgService,
  lore: loreService,
  vector: vectorService,
  telemetry: telemetryService,
  storage: storageService,
};
