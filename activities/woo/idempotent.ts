import type { ProductCreate } from '../../shared/woo/product';
import type { VariationCreate } from '../../shared/woo/variation';
import type { BatchItemResult, BatchResult } from './batch-runner';
import type { WooClient } from './client';
import { WooHttpError, WooInvalidRequestError, WooItemError, type WooError } from './errors';

/**
 * Creates that are safe to repeat. WooCommerce refuses a second product or variation with the
 * same SKU and names the one that holds it (`product_invalid_sku`, `data.resource_id`), so a
 * create whose first attempt timed out after being applied is recognised on retry without a
 * lookup. Note that SKUs are unique across products and variations together.
 */

export interface EnsuredItem {
  sku: string;
  id: number;
  /** False when the SKU already existed (an earlier attempt, or a product made in the shop). */
  created: boolean;
}

export interface EnsureResult {
  ensured: EnsuredItem[];
  /** Items that failed for another reason than an existing SKU, each with its own error. */
  failed: { sku: string; index: number; error: WooError }[];
}

function requireSkus(items: readonly { sku?: unknown }[]): string[] {
  return items.map((item, index) => {
    if (typeof item.sku !== 'string' || item.sku.trim() === '') {
      throw new WooInvalidRequestError(
        `item ${index} has no SKU: creates without SKU cannot be repeated safely`,
      );
    }
    return item.sku;
  });
}

function sortOut<T extends { id: number }>(skus: string[], result: BatchResult<T>): EnsureResult {
  const out: EnsureResult = { ensured: [], failed: [] };
  for (const item of result.items as BatchItemResult<T>[]) {
    const sku = skus[item.index];
    if (item.ok) {
      out.ensured.push({ sku, id: item.id, created: true });
      continue;
    }
    const existing = item.error instanceof WooItemError ? item.error.duplicateOfId : undefined;
    if (existing !== undefined) out.ensured.push({ sku, id: existing, created: false });
    else out.failed.push({ sku, index: item.index, error: item.error });
  }
  return out;
}

/** Creates the products whose SKU does not exist yet; returns the id of every SKU. */
export async function ensureProductsBySku(
  client: WooClient,
  items: readonly ProductCreate[],
): Promise<EnsureResult> {
  const skus = requireSkus(items);
  return sortOut(skus, await client.products.batch({ create: [...items] }));
}

/** Same for the variations of one variable product. */
export async function ensureVariationsBySku(
  client: WooClient,
  productId: number,
  items: readonly VariationCreate[],
): Promise<EnsureResult> {
  const skus = requireSkus(items);
  return sortOut(skus, await client.variations.batch(productId, { create: [...items] }));
}

/** Creates one product, or returns the id of the product that already has its SKU. */
export async function ensureProductBySku(
  client: WooClient,
  item: ProductCreate,
): Promise<EnsuredItem> {
  const [sku] = requireSkus([item]);
  try {
    const product = await client.products.create(item);
    return { sku, id: product.id, created: true };
  } catch (err) {
    const existing =
      err instanceof WooHttpError && err.code === 'product_invalid_sku'
        ? err.data?.resource_id
        : undefined;
    if (typeof existing === 'number' && existing > 0) return { sku, id: existing, created: false };
    throw err;
  }
}
