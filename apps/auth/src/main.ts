import { runService } from "@cauldron/rpc";
import { authService } from "@cauldron/service-auth";

await runService(authService);
