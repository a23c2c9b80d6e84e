import { permissionSchema } from "@cauldron/contracts";
import { protectedProcedure, router } from "@cauldron/rpc";
import { z } from "zod";
import { readAccess } from "./access-queries";

/** auth.permissions.*: the permissions roles can be made of. */
export const permissionsRouter = router({
  list: protectedProcedure
    .meta({ scope: "roles:read" })
    .output(z.array(permissionSchema))
    .query(({ ctx }) =>
      readAccess(ctx.db, (trx) =>
        trx.selectFrom("permissions").select(["name", "description"]).orderBy("name").execute(),
      ),
    ),
});
