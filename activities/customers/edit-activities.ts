import { heartbeat } from '@temporalio/activity';
import { REPORT_SAMPLE, addCounts, emptyCounts } from '../../shared/customers/report';
import type { CustomerCounts, CustomerReport } from '../../shared/customers/report';
import type { Customer as ShopCustomer } from '../../shared/woo/customer';
import type { ActivityDeps } from '../deps';
import { readCustomersByAccount } from '../sage/customers';
import {
  CUSTOMER_FLOW,
  CUSTOMER_KIND,
  reconcileAccounts,
  type ReconcileSystems,
} from './reconcile';
import { shopCustomersByIds } from './shop-queries';
import { customerSystems } from './systems';
import { asActivity } from './sync-activities';

export const WATERMARK_SHOP_MODIFIED = 'customers.shop-modified';

export interface CustomerEditsResult {
  counts: CustomerCounts;
  reports: CustomerReport[];
  reportCount: number;
  /** Shop customers looked at (modified ones for a poll). */
  seen: number;
}

/**
 * The Sage account of each shop customer: its `sage_account` meta, else the mapping. Reported
 * and left out: a customer without one (customers are never created in Sage), and a customer
 * claiming an account that another existing shop customer is linked to.
 */
async function accountsOf(
  sys: ReconcileSystems,
  shopCustomers: readonly ShopCustomer[],
  reports: CustomerReport[],
): Promise<Map<string, ShopCustomer>> {
  const byAccount = new Map<string, ShopCustomer>();
  for (const shop of shopCustomers) {
    const meta = shop.meta_data?.find((m) => m.key === sys.config.meta.account)?.value;
    const account =
      typeof meta === 'string' && meta.trim() !== ''
        ? meta.trim()
        : await sys.state.findSageKey(CUSTOMER_KIND, String(shop.id));
    if (!account) {
      // Staff accounts (administrator, shop manager) are not customers of Sage.
      if (!customerRoles(sys).includes(shop.role)) continue;
      reports.push({ key: `woo:${shop.id}`, problem: 'no-sage-account', detail: shop.email });
      continue;
    }
    const twin = byAccount.get(account);
    if (twin) {
      reports.push({
        key: account,
        problem: 'account-claimed-twice',
        detail: `shop customers ${twin.id} and ${shop.id}`,
      });
      byAccount.delete(account);
      continue;
    }
    byAccount.set(account, shop);
  }
  const mapped = await sys.state.getMappings(CUSTOMER_KIND, [...byAccount.keys()]);
  const elsewhere = [...byAccount].filter(([a, shop]) => {
    const id = mapped.get(a);
    return id !== undefined && id !== String(shop.id);
  });
  if (elsewhere.length === 0) return byAccount;
  // The linked customer may have been deleted from the shop: then the claimant takes over.
  const alive = await shopCustomersByIds(
    sys.woo,
    elsewhere.map(([a]) => Number(mapped.get(a))),
  );
  for (const [account, shop] of elsewhere) {
    const linked = Number(mapped.get(account));
    if (!alive.has(linked)) continue;
    reports.push({
      key: account,
      problem: 'account-claimed-twice',
      detail: `shop customers ${linked} and ${shop.id}`,
    });
    byAccount.delete(account);
  }
  return byAccount;
}

/** The shop customers' edits, reconciled with their Sage accounts. */
async function reconcileShopCustomers(
  sys: ReconcileSystems,
  shopCustomers: readonly ShopCustomer[],
): Promise<CustomerEditsResult> {
  const reports: CustomerReport[] = [];
  const byAccount = await accountsOf(sys, shopCustomers, reports);
  const { items } = await readCustomersByAccount(sys.sage, [...byAccount.keys()]);
  const found = new Set(items.map((c) => c.account.toUpperCase()));
  for (const [account, shop] of byAccount) {
    if (!found.has(account.toUpperCase())) {
      reports.push({ key: `woo:${shop.id}`, problem: 'unknown-sage-account', detail: account });
      byAccount.delete(account);
    }
  }
  // The reader gives accounts trimmed in Sage's case: key the shop customers the same way.
  const shopByAccount = new Map<string, ShopCustomer>();
  for (const customer of items) {
    const shop = [...byAccount].find(([a]) => a.toUpperCase() === customer.account.toUpperCase());
    if (shop) shopByAccount.set(customer.account, shop[1]);
  }
  const result = await reconcileAccounts(sys, items, {
    createsAllowed: false,
    skipUnchanged: false,
    rewriteSageOwned: false,
    shopByAccount,
  });
  await sys.snapshots.putReports(CUSTOMER_FLOW, reports);
  const all = [...reports, ...result.reports];
  return {
    counts: { ...result.counts, skipped: result.counts.skipped + reports.length },
    reports: all.slice(0, REPORT_SAMPLE),
    reportCount: all.length,
    seen: shopCustomers.length,
  };
}

function customerRoles(sys: ReconcileSystems): string[] {
  return ['customer', sys.config.sleeping.role, sys.config.sleeping.activeRole];
}

function dateOf(customer: ShopCustomer): string {
  return customer.date_modified_gmt ?? customer.date_created_gmt;
}

/** Activities of `customerEdits` (shop → Sage); they run on the `sage` queue. */
export function createCustomerEditActivities(deps: ActivityDeps) {
  const systems = customerSystems(deps);
  return {
    /** Customers named by webhooks: read fresh from the shop (the latest state wins). */
    async applyShopCustomerEdits(input: { wooIds: number[] }) {
      return asActivity(deps, async (): Promise<CustomerEditsResult> => {
        const sys = await systems();
        const shop = await shopCustomersByIds(sys.woo, input.wooIds);
        return reconcileShopCustomers(sys, [...shop.values()]);
      });
    },

    /**
     * Polling fallback (webhooks are never retried and get disabled after failures): the shop
     * cannot filter customers by modification date, so every page is read and the customers
     * modified since the last poll are reconciled. The first poll only sets the watermark.
     */
    async pollShopCustomerEdits() {
      return asActivity(deps, async (): Promise<CustomerEditsResult> => {
        const sys = await systems();
        const since = await sys.state.getWatermark(WATERMARK_SHOP_MODIFIED);
        let latest = since ?? '';
        let total: CustomerEditsResult = {
          counts: emptyCounts(),
          reports: [],
          reportCount: 0,
          seen: 0,
        };
        let pages = 0;
        for await (const page of sys.woo.customers.listAll({ role: 'all' })) {
          heartbeat({ pages: (pages += 1) });
          for (const c of page.items) if (dateOf(c) > latest) latest = dateOf(c);
          if (since === undefined) continue;
          // Same second as the watermark counts as modified: repeats are harmless, misses are not.
          const modified = page.items.filter((c) => dateOf(c) >= since);
          if (modified.length === 0) continue;
          const result = await reconcileShopCustomers(sys, modified);
          total = {
            counts: addCounts(total.counts, result.counts),
            reports: [...total.reports, ...result.reports].slice(0, REPORT_SAMPLE),
            reportCount: total.reportCount + result.reportCount,
            seen: total.seen + result.seen,
          };
        }
        if (latest !== '') await sys.state.putWatermark(WATERMARK_SHOP_MODIFIED, latest);
        return total;
      });
    },

    /**
     * Edits the workflow gave up on (a non-retryable failure): reported to the operator
     * (`edit-failed`, key `woo:<id>` or `poll`), so that dropping them is never silent.
     */
    async reportCustomerEditFailures(input: { keys: string[]; detail: string }) {
      return asActivity(deps, async (): Promise<void> => {
        const snapshots = await deps.snapshots();
        await snapshots.putReports(
          CUSTOMER_FLOW,
          input.keys.map((key) => ({ key, problem: 'edit-failed' as const, detail: input.detail })),
        );
      });
    },
  };
}

export type CustomerEditActivities = ReturnType<typeof createCustomerEditActivities>;
