export {
  createVectorRouter,
  createVectorService,
  vectorService,
  type VectorRouter,
  type VectorServiceOptions,
} from "./vector-service";
export { vectorEnvSchema, type VectorEnv } from "./vector-config";
