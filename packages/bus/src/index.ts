export { createBus, type Bus, type BusOptions } from './bus';
export { publish, type PublishOptions } from './publish';
export type { EventHandler, EventMeta, SubscribeOptions } from './subscribe';
export { subscriberQueueName } from './subscribe';
export type { JobContext, JobHandler, WorkerOptions, EnqueueOptions } from './jobs';
export type { DeadLetter, DeadLetters } from './dead-letter';
export type { Relay, RelayOptions, RelayStage, RelayedEvent } from './relay';
export type { RetryDefaults, WorkerTuning } from './core';
export { assertNoEviction } from './redis';
