import { customerPricingMeta, productPricesMeta } from '../../shared/prices/payload';
import type { ActivityDeps } from '../deps';
import type { PriceSnapshot } from './price-snapshot';
import { customerTargets, productTargets } from './shop-targets';
import {
  writeCustomerMeta,
  writeProductMeta,
  type MetaWrite,
  type WriteOutcome,
} from './write-meta';

/** Hash kinds of the price sync in the state store (key: SKU, and customer account). */
export const PRICE_HASH_KINDS = { product: 'price-product', customer: 'price-customer' } as const;

export type PricePhase = 'products' | 'customers';

export interface PricePageInput {
  snapshot: string;
  date: string;
  phase: PricePhase;
  offset: number;
  dryRun: boolean;
}

export interface PricePageResult {
  read: number;
  pushed: number;
  unchanged: number;
  failed: number;
  /** Entities the shop does not hold (not linked by the catalog / customers sync). */
  missing: number;
  writeRequests: number;
  /** Customer-specific prices in the customers of this page (how much the contract carries). */
  customerPrices: number;
  nextOffset: number | null;
  failures: { key: string; message: string }[];
}

interface Projected<T> {
  key: string;
  target: T;
  metaData: { key: string; value: unknown }[];
  hash: string;
}

/**
 * One page of the price sync: projects a slice of the articles (or customers) of the snapshot,
 * drops what the shop does not hold and what did not change since the last push (content
 * hashes), writes the rest and records the new hashes of what was written.
 */
export async function syncPricePage(
  deps: ActivityDeps,
  snapshot: PriceSnapshot,
  input: PricePageInput,
): Promise<PricePageResult> {
  const settings = deps.config.prices;
  const store = await deps.stateStore();
  const products = input.phase === 'products';
  const size = products ? settings.productPageSize : settings.customerPageSize;
  const total = products ? snapshot.articles.length : snapshot.data.customers.length;
  const end = Math.min(total, input.offset + size);
  const nextOffset = end < total ? end : null;
  let customerPrices = 0;

  let projected: Projected<unknown>[];
  if (products) {
    const slice = snapshot.articles.slice(input.offset, end);
    const targets = await productTargets(
      store,
      slice.map((a) => a.reference),
    );
    projected = slice.flatMap((article) => {
      const target = targets.get(article.reference);
      if (!target) return [];
      const pricing = snapshot.products.get(article.reference);
      if (pricing === undefined) return [];
      return [{ key: article.reference, target, ...productPricesMeta(settings.meta, pricing) }];
    });
  } else {
    const slice = sortedCustomers(snapshot).slice(input.offset, end);
    const targets = await customerTargets(
      store,
      slice.map((c) => c.account),
    );
    projected = slice.flatMap((customer) => {
      const target = targets.get(customer.account);
      if (target === undefined) return [];
      const payload = snapshot.customers.pricing(customer);
      customerPrices += Object.keys(payload.customerPrices).length;
      return [{ key: customer.account, target, ...customerPricingMeta(settings.meta, payload) }];
    });
  }

  const kind = products ? PRICE_HASH_KINDS.product : PRICE_HASH_KINDS.customer;
  const known = await store.getHashes(
    kind,
    projected.map((p) => p.key),
  );
  const changed = projected.filter((p) => known.get(p.key) !== p.hash);
  let outcome: WriteOutcome = { written: [], failed: [], requests: 0 };
  if (!input.dryRun && changed.length > 0) {
    const woo = await deps.woo();
    outcome = products
      ? await writeProductMeta(woo, changed as MetaWrite<{ id: number; parentId?: number }>[])
      : await writeCustomerMeta(woo, changed as MetaWrite<number>[]);
    const hashes = new Map(changed.map((p) => [p.key, p.hash]));
    await store.putHashes(
      kind,
      outcome.written.map((key) => ({ key, hash: hashes.get(key) as string })),
    );
  }
  return {
    read: end - input.offset,
    pushed: input.dryRun ? changed.length : outcome.written.length,
    unchanged: projected.length - changed.length,
    failed: outcome.failed.length,
    missing: end - input.offset - projected.length,
    writeRequests: outcome.requests,
    customerPrices,
    nextOffset,
    failures: outcome.failed.slice(0, 20),
  };
}

/** Real customers (not the category customers) sorted by account: the customers pages' order. */
export function sortedCustomers(snapshot: PriceSnapshot) {
  return snapshot.data.customers
    .filter((c) => !c.account.startsWith('~'))
    .sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
}
