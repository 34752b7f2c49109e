import type { OrdersConfig } from '../config/orders';
import type { OrderProblem } from './quote-plan';
import { OrderProblemTypes } from './states';

/** DO_Ref and DO_NoWeb of F_DOCENTETE hold 17 characters (activities/sage/schema.ts). */
export const SAGE_REFERENCE_LENGTH = 17;

/**
 * The Sage reference of a web order (the quote's DO_Ref and DO_NoWeb): the shop order number
 * with the first match of `strip` removed, then `prefix` in front (orders.sageReference).
 * A reference that is empty, longer than 17 characters or not plain ASCII is a business
 * problem for the operator — never cut, never transliterated: two orders must not share a key.
 */
export function sageReferenceOf(
  orderNumber: string,
  mapping: OrdersConfig['sageReference'],
): { reference: string } | { problem: OrderProblem } {
  const number = orderNumber.trim();
  const stripped = mapping.strip === '' ? number : number.replace(new RegExp(mapping.strip), '');
  const reference = `${mapping.prefix}${stripped}`;
  if (stripped === '' || !/^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(reference)) {
    return {
      problem: {
        type: OrderProblemTypes.invalidOrder,
        message: `shop order number "${orderNumber}" gives the Sage reference "${reference}", which is empty or not plain ASCII`,
      },
    };
  }
  if (reference.length > SAGE_REFERENCE_LENGTH) {
    return {
      problem: {
        type: OrderProblemTypes.webOrderNumberTooLong,
        message:
          `shop order number "${orderNumber}" gives the Sage reference "${reference}" ` +
          `(${reference.length} characters); Sage holds ${SAGE_REFERENCE_LENGTH} ` +
          `(see orders.sageReference: strip, prefix)`,
      },
    };
  }
  return { reference };
}
