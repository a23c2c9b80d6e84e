export {
  composeEventCatalogs,
  EVENT_NAMES,
  eventCatalog,
  eventCatalogsByPublisher,
  isEventName,
  type EventCatalog,
  type EventName,
  type EventPayload,
} from "./catalog";
export { eventNameProblem, subscriptionNameProblem } from "./event-naming";
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
export { readConsumerGroupState, type ConsumerGroupState } from "./consumer-group-state";
export { pruneEventRecords, type EventRetentionOptions, type PrunedEvents } from "./event-retention";
export {
  listenForOutboxAppends,
  type OutboxNotificationOptions,
  type OutboxNotifications,
} from "./outbox-notifications";
export type {
  DeliveryOutcome,
  DetachedEventHandler,
  EventHandler,
  EventHandlers,
  SystemTransactionRunner,
} from "./event-delivery";
export {
  createRealtimeHub,
  type FollowOptions,
  type RealtimeDelivery,
  type RealtimeHub,
  type RealtimeHubOptions,
  type RealtimeResetReason,
} from "./realtime-hub";
export { compareStreamIds, isStreamId, type StreamId } from "./stream-position";
export { listDeadLetters, readDeadLetter, type DeadLetter } from "./dead-letters";
export {
  replayDeadLetter,
  replayDeadLetters,
  type DeadLetterReplayOptions,
  type ReplayedDeadLetter,
} from "./replay-dead-letter";
export { replayStreamKey } from "./replay-stream-key";
export { toStreamFields } from "./domain-event";
