export { createLoreRouter, loreService, type LoreRouter } from "./lore-service";
