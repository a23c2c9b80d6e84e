export {
  createVectorRouter,
  createVectorService,
  vectorService,
  type VectorRouter,
  type VectorServiceOptions,
} from "./vector-service";
export { vectorEnvSchema, type VectorEnv } from "./vector-config";
export { createSearchLog, type LoggedSearch, type SearchLog } from "./search/search-log";
export { scoreOf } from "./search/vector-distance";
