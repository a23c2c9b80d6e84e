import { runService } from "@cauldron/rpc";
import { telemetryService } from "@cauldron/service-telemetry";

await runService(telemetryService);
