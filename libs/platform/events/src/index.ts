export {
  EVENT_NAMES,
  eventCatalog,
  isEventName,
  type EventCatalog,
  type EventName,
  type EventPayload,
} from "./catalog";
export {
  parseEventPayload,
  parseStreamEvent,
  type AnyDomainEvent,
  type DomainEvent,
  type EventAggregate,
  type EventMetadata,
} from "./domain-event";
export { InvalidEventPayloadError, UnknownEventTypeError, type EventPayloadIssue } from "./event-errors";
export { eventKeys, type EventKeys } from "./event-keys";
export { publishEvent, type PublishEventOptions } from "./publish-event";
export { createOutboxRelay, type OutboxRelay, type OutboxRelayOptions, type RelayResult } from "./outbox-relay";
export { createEventConsumer, type EventConsumer, type EventConsumerOptions } from "./event-consumer";
export type { DeliveryOutcome, EventHandler, EventHandlers } from "./event-delivery";
export {
  createRealtimeHub,
  type RealtimeHub,
  type RealtimeHubOptions,
  type RealtimeSubscription,
} from "./realtime-hub";
