import type { OrdersConfig } from '../config/orders';

/** What the intake does with a created or updated shop order. */
export type IntakeDecision =
  /** A new web order (or one not imported yet): start its workflow unless it exists. */
  | 'start'
  /** Cancelled in the shop: tell a running workflow; never start one for it. */
  | 'signal'
  /** Anything else, e.g. the connector's own status updates echoed by webhooks. */
  | 'ignore';

/**
 * An order placed "on account" (the shop plugin's payment method) enters the shop directly in
 * the awaiting-validation status: it starts like a new order. The connector's own update to
 * that status, echoed by the shop, then meets the existing workflow and changes nothing.
 */
export function intakeDecision(status: string, config: OrdersConfig): IntakeDecision {
  if (config.importStatuses.includes(status) || status === config.statuses.awaitingValidation) {
    return 'start';
  }
  if (config.cancelledStatuses.includes(status)) return 'signal';
  return 'ignore';
}

/** Workflow id of a web order, from business keys: one workflow per shop order, ever. */
export function orderWorkflowId(shopId: string, orderId: number): string {
  return `order-${shopId}-${orderId}`;
}

/** The order fields intake needs, read from a webhook payload or a listed order. */
export interface OrderRef {
  id: number;
  number: string;
  status: string;
}

/** Reads `{id, number, status}` from an untrusted payload; undefined when it is not an order. */
export function orderRefOf(payload: unknown): OrderRef | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const { id, number, status } = payload as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isInteger(id) || id <= 0) return undefined;
  if (typeof status !== 'string' || status === '') return undefined;
  const shown = typeof number === 'string' && number !== '' ? number : String(id);
  return { id, number: shown, status };
}
