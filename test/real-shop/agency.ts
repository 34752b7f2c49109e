import type { WooClient } from '../../activities/woo';
import type { PrefillProduct } from '../../sandbox/woo';

/**
 * Creates the products of `products` in the store as the shop's agency would, with their own
 * names and descriptions: simple products, and variable products with their variations' SKUs.
 * Returns the ids by SKU.
 */
export async function createShopProducts(
  admin: WooClient,
  products: readonly PrefillProduct[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const description = (sku: string) => `<p>Agency text for ${sku}.</p>`;
  for (let i = 0; i < products.length; i += 50) {
    const chunk = products.slice(i, i + 50);
    const result = await admin.products.batch({
      create: chunk.map((p) => ({
        sku: p.sku,
        name: `Agency ${p.name}`,
        type: p.type,
        description: description(p.sku),
        ...(p.type === 'variable'
          ? {
              attributes: (p.attributes ?? []).map((a) => ({
                name: a.name,
                options: a.options,
                variation: true,
                visible: true,
              })),
            }
          : {}),
      })),
    });
    for (const item of result.items) {
      if (!item.ok) throw new Error(`agency create failed: ${item.error.message}`);
      ids.set(item.value.sku, item.id);
    }
  }
  for (const p of products.filter((x) => x.type === 'variable')) {
    const parentId = ids.get(p.sku)!;
    const result = await admin.variations.batch(parentId, {
      create: (p.variations ?? []).map((v) => ({
        sku: v.sku,
        attributes: v.attributes.map((a) => ({ name: a.name, option: a.option })),
      })),
    });
    for (const item of result.items) {
      if (!item.ok) throw new Error(`agency variation create failed: ${item.error.message}`);
      ids.set(item.value.sku, item.id);
    }
  }
  return ids;
}
