export * from './types';
export type { PriceIndex } from './compiled';
export { buildPriceIndex, DEFAULT_PRICING_OPTIONS } from './price-index';
export { evaluatePrice, PriceLookupError } from './engine';
export type { PriceLookupProblem } from './engine';
export { pricingDataFromSage, parseTarget } from './from-sage';
export type { SagePriceData } from './from-sage';
export { roundingModes } from './rounding';
export type { RoundingMode } from './rounding';
