export {
  createLoreRouter,
  createLoreService,
  loreService,
  type LoreRouter,
  type LoreServiceOptions,
} from "./lore-service";
export { loreEnvSchema, type LoreEnv } from "./lore-config";
