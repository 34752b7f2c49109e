// Every workflow type the `sync` worker serves. Deterministic code only: no I/O, no clocks.
export { connectorCheck } from './connector-check';
export { catalogSync } from './catalog-sync';
export { stockSync } from './stock-sync';
export { stockPush, stockPushBucket } from './stock-push';
export { customerSync } from './customer-sync';
export { customerEdits } from './customer-edits';
export { orderLifecycle } from './order-lifecycle';
export { orderIntake } from './order-intake';
export { sageChangeFeed } from './sage-change-feed';
export { priceSync } from './price-sync';
export { priceParity } from './price-parity';
export { doctor } from './doctor';
export { driftReconciliation } from './drift-reconciliation';
