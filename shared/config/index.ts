export * from './schema';
export * from './load';
export * from './mask';
export { durationToMs } from './primitives';
export type { TemporalConfig } from './temporal';
export type { StateStoreConfig } from './state-store';
export type { ScheduleConfig } from './schedules';
