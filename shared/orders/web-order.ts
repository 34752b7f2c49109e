import Big from 'big.js';
import type { OrderMetaKeys } from '../config/orders';
import type { Order } from '../woo/order';
import { getMetaString } from '../woo/meta';
import type { MetaDataEntry } from '../woo/common';
import type { RecordedPieces, WebOrder, WebOrderLine } from './types';

/** Customer meta keys the import reads (customers config). */
export interface CustomerMetaKeys {
  account: string;
  homeDepot: string;
}

type Meta = ReadonlyArray<Pick<MetaDataEntry, 'key' | 'value'>>;

/**
 * The web order as the import needs it: product lines only (shipping and fee lines are not
 * imported — the customer has no shipping fees and pays offline), unit prices excl. tax from the
 * line totals (the `price` field is a float), and the customer's Sage account and home depot
 * from the customer meta.
 */
export function webOrderOf(
  order: Order,
  customerMeta: Meta,
  keys: { customer: CustomerMetaKeys; order: OrderMetaKeys },
): WebOrder {
  const lines: WebOrderLine[] = order.line_items.map((item) => ({
    lineId: item.id,
    sku: (item.sku ?? '').trim(),
    name: item.name,
    quantity: String(item.quantity),
    unitPrice: unitPriceOf(item.total, item.quantity),
    total: item.total,
  }));
  const depot = Number(getMetaString(customerMeta, keys.customer.homeDepot) ?? '');
  return {
    orderId: order.id,
    number: order.number,
    status: order.status,
    total: order.total,
    date: order.date_created.slice(0, 10),
    customerId: order.customer_id,
    sageAccount: (getMetaString(customerMeta, keys.customer.account) ?? '').trim(),
    homeDepot: Number.isInteger(depot) && depot > 0 ? depot : null,
    lines,
    recorded: recordedPiecesOf(order.meta_data, keys.order),
  };
}

/** The Sage pieces the connector already wrote on the shop order. */
export function recordedPiecesOf(meta: Meta, keys: OrderMetaKeys): RecordedPieces {
  const text = (key: string) => {
    const value = getMetaString(meta, key)?.trim();
    return value ? value : undefined;
  };
  const pdf = getMetaValue(meta, keys.invoicePdf);
  const mediaId =
    typeof pdf === 'object' && pdf !== null ? Number((pdf as { mediaId?: unknown }).mediaId) : NaN;
  return {
    ...(text(keys.quote) ? { quote: text(keys.quote) } : {}),
    ...(text(keys.order) ? { order: text(keys.order) } : {}),
    ...(text(keys.deliveryNote) ? { deliveryNote: text(keys.deliveryNote) } : {}),
    ...(text(keys.invoice) ? { invoice: text(keys.invoice) } : {}),
    ...(Number.isInteger(mediaId) && mediaId > 0 ? { invoicePdfMediaId: mediaId } : {}),
  };
}

function getMetaValue(meta: Meta, key: string): unknown {
  return meta.find((m) => m.key === key)?.value;
}

/** A plain decimal string as the shop writes amounts: "12", "-3.5" (no exponent, no spaces). */
export function isDecimalString(value: string): boolean {
  return /^-?\d+(\.\d+)?$/.test(value);
}

/**
 * total / quantity with 6 decimals (Sage's price precision); 0 for an empty line; '' when the
 * total is not a decimal string or the quantity not a finite number (never throws: the quote
 * plan names such a line as a business problem instead of failing the read).
 */
export function unitPriceOf(total: string, quantity: number): string {
  if (!Number.isFinite(quantity)) return '';
  if (!(quantity > 0)) return '0';
  const amount = total === '' ? '0' : total;
  if (!isDecimalString(amount)) return '';
  return new Big(amount).div(quantity).round(6, Big.roundHalfUp).toFixed();
}
