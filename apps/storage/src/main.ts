import { runService } from "@cauldron/rpc";
import { storageService } from "@cauldron/service-storage";

await runService(storageService);
