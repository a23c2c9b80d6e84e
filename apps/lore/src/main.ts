import { runService } from "@cauldron/rpc";
import { loreService } from "@cauldron/service-lore";

await runService(loreService);
