import { runService } from "@cauldron/rpc";
import { vectorService } from "@cauldron/service-vector";

await runService(vectorService);
