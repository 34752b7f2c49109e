export { createWooClient } from './client';
export type {
  WooClient,
  WooClientOptions,
  ProductListParams,
  OrderListFilter,
  CustomerListParams,
} from './client';
export type { BatchItemResult, BatchResult } from './batch-runner';
export type { Page, PageInfo } from './pagination';
export { collectItems } from './collection';
export * from './errors';
export type { WooHttpStats, WooLogger } from './http';
export {
  ensureProductBySku,
  ensureProductsBySku,
  ensureVariationsBySku,
  type EnsuredItem,
  type EnsureResult,
} from './idempotent';
