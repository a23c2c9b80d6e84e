import { createDatabase } from "@cauldron/db";
import { createVectorService } from "@cauldron/service-vector";
import { startTestService } from "@cauldron/testing";

const url = process.env.SCRATCH_DB_URL!;
const users = JSON.parse(process.env.SCRATCH_USERS!) as string[];
const db = createDatabase({ url, poolMax: 10, applicationName: "scratch-vector" });
const service = await startTestService(
  createVectorService({ config: JSON.parse(process.env.SCRATCH_CONFIG ?? "{}") }),
  { db, workers: false },
);
const tokens: Record<string, string> = {};
for (const userId of users) tokens[userId] = await service.signer.issueAccessToken({ userId, expiresInSeconds: 3600 });
process.stdout.write(`${JSON.stringify({ url: service.url, tokens })}\n`);
process.on("SIGTERM", async () => {
  await service.close();
  await db.destroy();
  process.exit(0);
});
