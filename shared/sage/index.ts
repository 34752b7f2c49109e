export * from './decimal';
export * from './references';
export * from './documents';
export * from './depots';
export * from './types';
export * from './totals';
export * from './change-tracking';
export * from './write-guard';
