import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes the connector's workflows set, so operators can filter in the
 * Temporal UI (e.g. `SyncKind = "catalog"` or `WooOrderNumber = "1234"`).
 * Registered on the embedded dev server at start; `temporal operator search-attribute create`
 * registers them on a cluster (see README).
 */
export const SEARCH_ATTRIBUTES = {
  SyncKind: 'Keyword',
  SyncState: 'Keyword',
  WooOrderNumber: 'Keyword',
  SageQuote: 'Keyword',
  State: 'Keyword',
  OrderProblem: 'Keyword',
  SyncPagesDone: 'Int',
  SyncPagesTotal: 'Int',
  SyncPushed: 'Int',
  // The dev server's visibility store allows only 3 Int attributes: the last two are Double.
  SyncUnchanged: 'Double',
  SyncFailed: 'Double',
} as const;

export const SyncKind = defineSearchAttributeKey('SyncKind', SearchAttributeType.KEYWORD);
export const SyncState = defineSearchAttributeKey('SyncState', SearchAttributeType.KEYWORD);
export const WooOrderNumber = defineSearchAttributeKey(
  'WooOrderNumber',
  SearchAttributeType.KEYWORD,
);
export const SageQuote = defineSearchAttributeKey('SageQuote', SearchAttributeType.KEYWORD);
export const OrderState = defineSearchAttributeKey('State', SearchAttributeType.KEYWORD);
/**
 * An order's problem while it waits for an operator (`UnknownSku: SKU HYD-00042 … [import]`),
 * unset otherwise: the Temporal UI's workflow list shows search attributes as columns, not the
 * workflows' summaries.
 */
export const OrderProblem = defineSearchAttributeKey('OrderProblem', SearchAttributeType.KEYWORD);
/** Progress of a paged sync (catalog, stock), updated after every page. */
export const SyncPagesDone = defineSearchAttributeKey('SyncPagesDone', SearchAttributeType.INT);
export const SyncPagesTotal = defineSearchAttributeKey('SyncPagesTotal', SearchAttributeType.INT);
export const SyncPushed = defineSearchAttributeKey('SyncPushed', SearchAttributeType.INT);
export const SyncUnchanged = defineSearchAttributeKey('SyncUnchanged', SearchAttributeType.DOUBLE);
export const SyncFailed = defineSearchAttributeKey('SyncFailed', SearchAttributeType.DOUBLE);
