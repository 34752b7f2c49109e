/**
 * Names of the order workflow's states, shown in the `State` search attribute and the `state`
 * query. `waiting-*` states wait for an operator signal (retry / skip / cancel).
 */
export const OrderStates = {
  importing: 'importing',
  awaitingValidation: 'awaiting-validation',
  validated: 'validated',
  inPreparation: 'in-preparation',
  beingDelivered: 'being-delivered',
  invoiced: 'invoiced',
  completed: 'completed',
  /** A business problem stopped the import or the invoice delivery: an operator decides. */
  waitingOperator: 'waiting-operator',
  /** The shop cancelled an order Sage already validated: an operator decides. */
  waitingCancelledAfterValidation: 'waiting-cancelled-after-validation',
  cancelled: 'cancelled',
  skipped: 'skipped',
} as const;
export type OrderState = (typeof OrderStates)[keyof typeof OrderStates];

/**
 * Failure types of business problems (ApplicationFailure.type, non-retryable). They put the
 * workflow in `waiting-operator` instead of failing it; anything else is transient and retried.
 */
export const OrderProblemTypes = {
  unknownSku: 'UnknownSku',
  unmappedCustomer: 'UnmappedCustomer',
  unknownCustomer: 'UnknownCustomer',
  closedAccount: 'ClosedAccount',
  sleepingArticle: 'SleepingArticle',
  noHomeDepot: 'NoHomeDepot',
  priceMismatch: 'PriceMismatch',
  invalidOrder: 'InvalidOrder',
  invoicePdfMissing: 'InvoicePdfMissing',
  orderNotFound: 'OrderNotFound',
  /** The quote vanished from Sage (deleted by hand) before it became an order. */
  quoteMissing: 'QuoteMissing',
  /**
   * A Sage sales document already carries the web order's reference (DO_NoWeb) for another
   * customer or another shop: never linked to it, the operator decides.
   */
  webOrderNumberTaken: 'WebOrderNumberTaken',
  /** The shop order number mapped by orders.sageReference does not fit DO_Ref (17). */
  webOrderNumberTooLong: 'WebOrderNumberTooLong',
} as const;
export type OrderProblemType = (typeof OrderProblemTypes)[keyof typeof OrderProblemTypes];

export const ORDER_PROBLEM_TYPES: readonly string[] = Object.values(OrderProblemTypes);

/** Sage data errors (activities/sage) that are business problems of an order. */
export const SAGE_PROBLEM_TYPES: readonly string[] = [
  'UnknownCustomer',
  'UnknownArticle',
  'InvalidInput',
  'NumberingMissing',
  'WebOrderNumberTaken',
  /** A malformed number big.js refused, a column missing in the Sage company (failures.ts). */
  'InvalidNumber',
  'SageSchemaMismatch',
];

export function isOrderProblemType(type: string | undefined | null): boolean {
  return type != null && (ORDER_PROBLEM_TYPES.includes(type) || SAGE_PROBLEM_TYPES.includes(type));
}
