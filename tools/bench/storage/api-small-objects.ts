import { z } from "zod";
import { removeObjects } from "./api-transfers";
import { batchesOf, forEachInFlight } from "./bounded-concurrency";
import { IN_FLIGHT, PER_CALL, type SmallObjectStore } from "./small-object-rounds";
import type { StorageBenchService } from "./storage-bench-service";

/** A list entry as Supabase answers it; sub-folders come with `id: null`. */
const listPageSchema = z.array(z.object({ name: z.string(), id: z.string().nullable() }));

/** Small objects through the service's Supabase API, as storage-js sends each call. */
export function apiSmallObjects(service: StorageBenchService): SmallObjectStore {
  const headers = { authorization: `Bearer ${service.token}` };
  return {
    async create(name, body) {
      const response = await fetch(service.objectUrl(name), {
        method: "POST",
        headers: { ...headers, "content-type": "application/octet-stream" },
        body,
      });
      if (!response.ok) throw new Error(`uploading ${name} answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    },
    async list(folder) {
      let files = 0;
      for (let offset = 0; ; offset += PER_CALL) {
        const response = await fetch(`${service.apiUrl}/object/list/${service.bucket}`, {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body: JSON.stringify({ prefix: folder, limit: PER_CALL, offset, sortBy: { column: "name", order: "asc" } }),
        });
        if (!response.ok) throw new Error(`listing ${folder} answered ${response.status}: ${await response.text()}`);
        const page = listPageSchema.parse(await response.json());
        files += page.filter((entry) => entry.id !== null).length;
        if (page.length < PER_CALL) return files;
      }
    },
    async remove(names) {
      let removed = 0;
      await forEachInFlight(batchesOf(names, PER_CALL), IN_FLIGHT, async (batch) => {
        const removedNow = await removeObjects(service, batch);
        removed += removedNow;
      });
      return removed;
    },
  };
}
