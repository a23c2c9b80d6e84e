import { startS3Emulator } from "@cauldron/service-storage/testing";

// Runs the S3 emulator in its own process, so neither the storage service nor the bench's direct
// client shares its event loop: both sides reach it over loopback alike.
const emulator = await startS3Emulator("cauldron-bench");
const { close, ...connection } = emulator;
process.stdout.write(`${JSON.stringify(connection)}\n`);

process.on("SIGTERM", async () => {
  await close();
  process.exit(0);
});
