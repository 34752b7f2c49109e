/** The Sage demo company and the sales-rep simulator (embedded engine only). */
export { generateDemoCompany } from './generator';
export type { DemoCounts, GenerateOptions } from './generator';
export { ensureDemoCompany } from './ensure';
export type { EnsureResult } from './ensure';
export { contentHash } from './content-hash';
export {
  DEMO_BAD_DATA,
  DEMO_BASE_TIMESTAMP,
  DEMO_DEPOT_RULES,
  DEMO_DEPOTS,
  DEMO_PROFILES,
} from './demo-profile';
export {
  transformDocument,
  advanceChain,
  runAutoMode,
  TRANSFORMATIONS,
  NEXT_STAGE,
} from './simulator';
export type { TransformOptions, TransformResult, AutoModeOptions } from './simulator';
export { mutateStock, mutatePrices } from './mutations';
export type { MutationOptions, StockChange, PriceChange } from './mutations';
export { writeSqlServerSchema, SQLSERVER_SCHEMA_PATH } from './write-sqlserver-schema';
