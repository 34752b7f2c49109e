import Big from 'big.js';
import type { PricingData } from '../price-engine';
import type { PricingCustomer, PricingFamilyCustomer } from '../price-engine/types';
import type { ShopCustomerPricing } from './implied-price';
import { shopConditionsOf, type CustomerPricingPayload } from './projection';

/** A customer's last projected meta and whose conditions it came from. */
export interface StoredCustomerPricing {
  effectiveAccount: string;
  /**
   * The customer's accounting category (N_CatCompta) when projected: another one may bring its
   * tax-inclusive prices back with another VAT rate. Absent in metas stored before it was kept.
   */
  accountingCategory?: number;
  payload: CustomerPricingPayload;
}

/**
 * What an incremental run must evaluate for a customer projected whole: its exception
 * articles (rows of `exceptionAccounts`) and the articles without a price rule for
 * `ruleCategory`; '' means every article (no category, or rates the formula cannot apply).
 */
export interface WholeProjection {
  ruleCategory: string;
  exceptionAccounts: string[];
}

/**
 * Customers' shop conditions (projection.ts `shopConditionsOf`) with the accounts and family
 * rows looked up by account: a projection asks for thousands of customers.
 */
export class CustomerConditions {
  private readonly byAccount = new Map<string, PricingCustomer>();
  private readonly familyRows = new Map<string, PricingFamilyCustomer[]>();

  constructor(
    data: Pick<PricingData, 'customers' | 'familyCustomerDiscounts'>,
    private readonly date: string,
  ) {
    // The first record of an account, as `effectiveCustomerOf` finds it.
    for (const customer of data.customers) {
      if (!this.byAccount.has(customer.account)) this.byAccount.set(customer.account, customer);
    }
    for (const row of data.familyCustomerDiscounts) {
      const rows = this.familyRows.get(row.customerAccount);
      if (rows) rows.push(row);
      else this.familyRows.set(row.customerAccount, [row]);
    }
  }

  /** As `shopConditionsOf(data, customer, date)`. */
  of(customer: PricingCustomer): ShopCustomerPricing {
    const central = this.byAccount.get(customer.centralAccount);
    return shopConditionsOf(
      {
        customers: central ? [central] : [],
        familyCustomerDiscounts: this.familyRows.get(this.effectiveAccountOf(customer)) ?? [],
      },
      customer,
      this.date,
    );
  }

  /** As `effectiveCustomerOf` (one level; an unknown central leaves the customer on its own). */
  effectiveAccountOf(customer: PricingCustomer): string {
    const central = customer.centralAccount;
    if (central === '' || central === customer.account) return customer.account;
    return this.byAccount.has(central) ? central : customer.account;
  }

  /**
   * Whether the customer is projected whole again (customer-projector.ts `repricing`): it has
   * no stored meta, another effective customer (joined or left a central: other exception
   * rows), or other conditions; and then what that projection evaluates. `null` otherwise.
   */
  wholeProjection(
    customer: PricingCustomer,
    stored: StoredCustomerPricing | undefined,
    conditions: ShopCustomerPricing = this.of(customer),
  ): WholeProjection | null {
    const previous = stored?.payload;
    const whole =
      previous === undefined ||
      stored?.effectiveAccount !== this.effectiveAccountOf(customer) ||
      (stored.accountingCategory !== undefined &&
        stored.accountingCategory !== customer.accountingCategory) ||
      conditionsKey(conditions) !== conditionsKey(previous);
    if (!whole) return null;
    const accounts = [customer.account];
    if (customer.centralAccount !== '') accounts.push(customer.centralAccount);
    return { ruleCategory: ruleCategoryOf(conditions), exceptionAccounts: accounts };
  }
}

/**
 * The category whose price rules the formula applies to the customer: '' (no rule applies,
 * every article may miss) without a category, or when a rate is outside 0…100 % (the engine
 * clamps it, the formula does not).
 */
export function ruleCategoryOf(conditions: ShopCustomerPricing): string {
  return ratesInRange(conditions) ? (conditions.priceCategory ?? '') : '';
}

/** Whether the customer's global and family rates are all within 0…100 %. */
function ratesInRange(conditions: ShopCustomerPricing): boolean {
  const rates = [conditions.customerDiscount ?? '0', ...Object.values(conditions.familyDiscounts)];
  return rates.every((rate) => {
    const value = new Big(rate);
    return value.gte(0) && value.lte(100);
  });
}

/** What the formula reads of a customer: equal keys, equal misses on shared articles. */
export function conditionsKey(conditions: {
  priceCategory?: string;
  customerDiscount?: string;
  familyDiscounts: Record<string, string>;
}): string {
  return JSON.stringify([
    conditions.priceCategory,
    conditions.customerDiscount,
    Object.entries(conditions.familyDiscounts).sort(([a], [b]) => (a < b ? -1 : 1)),
  ]);
}
