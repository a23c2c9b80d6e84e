import { runService } from "@cauldron/rpc";
import { orgService } from "@cauldron/service-org";

await runService(orgService);
