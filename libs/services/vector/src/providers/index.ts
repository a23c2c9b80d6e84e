export { checkVector, type VectorDistance } from "./check-vector";
export {
  EmbeddingProviderError,
  PROVIDER_NAMES,
  type EmbedOptions,
  type EmbeddingFailureKind,
  type EmbeddingProvider,
  type ProviderModel,
  type ProviderName,
} from "./embedding-provider";
export { createEmbeddingProviders, type EmbeddingProviders } from "./embedding-providers";
export { checkEndpointAllowed } from "./endpoint-destination";
export { hashEmbedding } from "./hash-provider";
export {
  checkModelDimensions,
  embeddingProviderConfigSchema,
  GLOVE_DIMENSIONS,
  MAX_DIMENSIONS,
  redactProviderConfiguration,
  type OpenAiCompatibleConfiguration,
} from "./provider-configuration";
export { privateHostsSetting } from "./private-host-allow-list";
export { providerFor, type ProviderOptions } from "./provider-for";
export { emptyTextVector } from "./unit-vector";
