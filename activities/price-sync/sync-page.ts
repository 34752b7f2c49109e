import {
  describePriceDrift,
  priceMetaDrift,
  type DriftedMeta,
} from '../../shared/price-sync/drift';
import {
  ASLEEP_STORED_PAYLOAD,
  asleepCustomerMeta,
  customerPricingMeta,
  productPricesMeta,
} from '../../shared/price-sync/payload';
import type { PricePageResult, PricePhase } from '../../shared/price-sync/page-result';
import { recordReports } from '../catalog/report';
import type { ActivityDeps } from '../deps';
import type { PriceSnapshot } from './price-snapshot';
import { customerMetaHeld, productMetaHeld } from './shop-meta';
import { customerTargets, productTargets, type ProductTarget } from './shop-targets';
import {
  writeCustomerMeta,
  writeProductMeta,
  type MetaWrite,
  type WriteOutcome,
} from './write-meta';

/** Hash kinds of the price sync in the state store (key: SKU, and customer account). */
export const PRICE_HASH_KINDS = { product: 'price-product', customer: 'price-customer' } as const;

/**
 * The customer pricing meta last projected, by account (JSON, in the hashes table): what an
 * incremental run starts from, re-evaluating only the changed articles of each customer.
 */
export const PRICE_PAYLOAD_KIND = 'price-customer-payload';

/** The price sync's counts and page result, declared once in `shared/` (the workflow sums them). */
export type { PriceCounts, PricePageResult, PricePhase } from '../../shared/price-sync/page-result';

export interface PricePageInput {
  snapshot: string;
  date: string;
  phase: PricePhase;
  offset: number;
  dryRun: boolean;
  /**
   * Compare the entities whose hash is unchanged with the meta the shop holds now (one read per
   * 100 of them) and write again those that drifted; without it the hashes are trusted.
   */
  compareShop?: boolean;
}

/** An entity's price meta, projected, with the shop entity it goes to and its content hash. */
export interface Projected<T> {
  key: string;
  target: T;
  metaData: { key: string; value: unknown }[];
  hash: string;
}

/**
 * Writes the changed entities' price meta to the shop and records the hashes of those the shop
 * confirmed (the others are written again by the next run).
 */
export async function writeAndRemember(
  deps: ActivityDeps,
  products: boolean,
  changed: Projected<unknown>[],
): Promise<WriteOutcome> {
  const woo = await deps.woo();
  const outcome = products
    ? await writeProductMeta(woo, changed as MetaWrite<ProductTarget>[])
    : await writeCustomerMeta(woo, changed as MetaWrite<number>[]);
  const hashes = new Map(changed.map((p) => [p.key, p.hash]));
  const store = await deps.stateStore();
  await store.putHashes(
    products ? PRICE_HASH_KINDS.product : PRICE_HASH_KINDS.customer,
    outcome.written.map((key) => ({ key, hash: hashes.get(key) as string })),
  );
  return outcome;
}

/**
 * One page of the price sync: projects a slice of the articles (or customers) of the snapshot,
 * drops what the shop does not hold and what did not change since the last push (content
 * hashes; with `compareShop`, unless the shop holds other price meta now: drift, reported),
 * writes the rest and records the new hashes of what was written.
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
  /** Sleeping customers of this page: their pricing meta is removed from the shop. */
  const asleep = new Set<string>();

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
    const payloads: { key: string; hash: string }[] = [];
    projected = slice.flatMap((customer) => {
      const target = targets.get(customer.account);
      if (target === undefined) return [];
      if (customer.sleeping) {
        asleep.add(customer.account);
        payloads.push({ key: customer.account, hash: ASLEEP_STORED_PAYLOAD });
        return [{ key: customer.account, target, ...asleepCustomerMeta(settings.meta) }];
      }
      const payload = snapshot.customers.pricing(customer);
      customerPrices += Object.keys(payload.customerPrices).length;
      payloads.push({
        key: customer.account,
        hash: JSON.stringify(snapshot.customers.stored(customer, payload)),
      });
      return [{ key: customer.account, target, ...customerPricingMeta(settings.meta, payload) }];
    });
    if (!input.dryRun) await store.putHashes(PRICE_PAYLOAD_KIND, payloads);
  }

  const kind = products ? PRICE_HASH_KINDS.product : PRICE_HASH_KINDS.customer;
  const known = await store.getHashes(
    kind,
    projected.map((p) => p.key),
  );
  const byHash = projected.filter((p) => known.get(p.key) !== p.hash);
  const check = input.compareShop
    ? await shopDrift(
        deps,
        products,
        projected.filter((p) => known.get(p.key) === p.hash),
      )
    : { drifted: new Map<string, DriftedMeta[]>(), reads: 0 };
  const changed = [...byHash, ...projected.filter((p) => check.drifted.has(p.key))];
  let outcome: WriteOutcome = { written: [], failed: [], requests: 0 };
  if (!input.dryRun && changed.length > 0)
    outcome = await writeAndRemember(deps, products, changed);
  // Dry runs report what would be written again; real ones what the shop confirmed.
  const repaired = input.dryRun ? [...check.drifted.keys()] : outcome.written;
  const kinds = new Map(projected.map((p) => [p.key, entityKind(products, p.target)]));
  const drift = repaired.flatMap((key) => {
    const fields = check.drifted.get(key);
    return fields ? [{ sku: key, detail: `${kinds.get(key)} ${describePriceDrift(fields)}` }] : [];
  });
  const removed = (input.dryRun ? changed.map((p) => p.key) : outcome.written).filter((key) =>
    asleep.has(key),
  );
  await recordReports(deps, 'prices', [], [], drift);
  await reportAsleep(deps, removed);
  if (!products && !input.dryRun) {
    // Awake customers whose pricing meta the shop holds (written now, or unchanged): priced again.
    const failed = new Set(outcome.failed.map((f) => f.key));
    await clearAsleep(
      deps,
      projected.map((p) => p.key).filter((key) => !asleep.has(key) && !failed.has(key)),
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
    drift: drift.length,
    shopReads: check.reads,
    nextOffset,
    failures: outcome.failed.slice(0, 20),
  };
}

/** Problem under which a sleeping customer whose pricing meta was removed is reported. */
export const CUSTOMER_ASLEEP = 'customer-asleep';

/**
 * Reports sleeping customers whose pricing meta was removed (operator reports, flow `prices`):
 * the named reason they have no price in the shop.
 */
export async function reportAsleep(
  deps: Pick<ActivityDeps, 'logger' | 'snapshots'>,
  accounts: readonly string[],
): Promise<void> {
  if (accounts.length === 0) return;
  deps.logger.info({ sync: 'prices', accounts }, 'sleeping customers: pricing meta removed');
  await (
    await deps.snapshots()
  ).putReports(
    'prices',
    accounts.map((key) => ({
      key,
      problem: CUSTOMER_ASLEEP,
      detail: 'asleep in Sage (CT_Sommeil): no price, pricing meta removed from the shop',
    })),
  );
}

/**
 * Forgets the `customer-asleep` report of customers priced again (woken up in Sage, their
 * pricing meta back in the shop): the report names a reason that no longer holds.
 */
export async function clearAsleep(
  deps: Pick<ActivityDeps, 'snapshots'>,
  accounts: readonly string[],
): Promise<void> {
  if (accounts.length === 0) return;
  await (await deps.snapshots()).clearProblem('prices', CUSTOMER_ASLEEP, accounts);
}

function entityKind(products: boolean, target: unknown): 'product' | 'variation' | 'customer' {
  if (!products) return 'customer';
  return (target as ProductTarget).parentId === undefined ? 'product' : 'variation';
}

/**
 * The drift check (`compareShop`): reads what the shop holds of the entities whose hash is
 * unchanged (the changed ones are written anyway) and returns, by key, those whose price meta
 * differ. An entity the shop does not hold under its linked id is left as the hashes say.
 */
async function shopDrift(
  deps: ActivityDeps,
  products: boolean,
  kept: readonly Projected<unknown>[],
): Promise<{ drifted: Map<string, DriftedMeta[]>; reads: number }> {
  const drifted = new Map<string, DriftedMeta[]>();
  if (kept.length === 0) return { drifted, reads: 0 };
  const woo = await deps.woo();
  const held = products
    ? await productMetaHeld(woo, kept as Projected<ProductTarget>[])
    : await customerMetaHeld(woo, kept as Projected<number>[]);
  for (const entity of kept) {
    const meta = held.meta.get(entity.key);
    if (meta === undefined) continue;
    const fields = priceMetaDrift(entity.metaData, meta);
    if (fields.length > 0) drifted.set(entity.key, fields);
  }
  return { drifted, reads: held.reads };
}

/** Real customers (not the category customers) sorted by account: the customers pages' order. */
export function sortedCustomers(snapshot: PriceSnapshot) {
  return snapshot.data.customers
    .filter((c) => !c.account.startsWith('~'))
    .sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
}
