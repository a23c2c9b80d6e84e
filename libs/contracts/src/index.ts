export * from "./auth";
export { eventId, eventText, nullableEventId, type EventSchemas } from "./common/event-fields";
export { platformEvents } from "./common/events";
export { idSchema } from "./common/identifiers";
export { pageInputSchema, pageSchema, type Page, type PageInput } from "./common/page";
export { fuseByReciprocalRank, RECIPROCAL_RANK_K, type FusedRank, type WeightedRanking } from "./common/rank-fusion";
export {
  realtimeEventIdSchema,
  resetMarkerSchema,
  resumableSubscriptionInputSchema,
  subscribedMarkerSchema,
  type ResetMarker,
  type ResumableSubscriptionInput,
} from "./common/realtime";
export { serviceInfoSchema, type ServiceInfo } from "./common/service-info";
export { serializeForWire, wireTransformer } from "./common/wire-transformer";
export * from "./lore";
export * from "./org";
export * from "./storage";
export * from "./telemetry";
export * from "./vector";
