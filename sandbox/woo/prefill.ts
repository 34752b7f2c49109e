import { applyMetaUpdates } from './meta';
import { emptyProduct, sanitizeTitle } from './product-fields';
import type { Shop } from './shop';
import type { SandboxStore } from './store';
import type { ProductDoc } from './types';

/**
 * Pre-filling the shop with products that already exist before the first sync (as in the
 * customer's real shop, where the connector runs in update mode). Written straight to the store:
 * no webhook fires, and existing SKUs are left alone so that prefilling twice is harmless.
 */

export interface PrefillAttribute {
  name: string;
  options: string[];
}

export interface PrefillProduct {
  sku: string;
  name: string;
  type: 'simple' | 'variable';
  regularPrice?: string;
  status?: 'publish' | 'draft';
  attributes?: PrefillAttribute[];
  variations?: {
    sku: string;
    attributes: { name: string; option: string }[];
    regularPrice?: string;
  }[];
  meta?: { key: string; value: unknown }[];
}

export interface PrefillResult {
  created: number;
  skipped: number;
}

export function prefillStore(store: SandboxStore, items: PrefillProduct[]): PrefillResult {
  let created = 0;
  let skipped = 0;
  const now = new Date().toISOString();
  const slugFor = (name: string, id: number) => {
    const base = sanitizeTitle(name) || String(id);
    let slug = base;
    for (let n = 2; store.isSlugTaken(slug, id); n++) slug = `${base}-${n}`;
    return slug;
  };
  store.transaction(() => {
    for (const item of items) {
      let parent = store.get('product', store.findIdBySku(item.sku) ?? -1);
      if (parent) skipped++;
      else {
        parent = newProduct(store, item, slugFor, now);
        store.put('product', parent);
        created++;
      }
      for (const v of item.variations ?? []) {
        if (store.findIdBySku(v.sku) !== undefined) {
          skipped++;
          continue;
        }
        store.put('product', newVariation(store, parent, v, now));
        created++;
      }
    }
  });
  return { created, skipped };
}

function newProduct(
  store: SandboxStore,
  item: PrefillProduct,
  slugFor: (name: string, id: number) => string,
  now: string,
): ProductDoc {
  const doc: ProductDoc = emptyProduct(store.nextId('post'), now);
  doc.type = item.type;
  doc.name = item.name;
  doc.sku = item.sku;
  doc.slug = slugFor(item.name, doc.id);
  doc.status = item.status ?? 'publish';
  doc.regular_price = item.type === 'simple' ? (item.regularPrice ?? '') : '';
  doc.meta_data = applyMetaUpdates([], item.meta ?? [], () => store.nextId('meta'));
  if (item.type === 'variable') {
    const attrs = item.attributes ?? inferAttributes(item);
    doc.attributes = attrs.map((a, i) => ({
      id: 0,
      name: a.name,
      position: i,
      visible: true,
      variation: true,
      options: a.options,
    }));
    doc.stock_status = 'outofstock';
  }
  return doc;
}

function newVariation(
  store: SandboxStore,
  parent: ProductDoc,
  v: NonNullable<PrefillProduct['variations']>[number],
  now: string,
): ProductDoc {
  const variation = emptyProduct(store.nextId('post'), now);
  variation.type = 'variation';
  variation.parent_id = parent.id;
  variation.sku = v.sku;
  variation.categories = [];
  variation.regular_price = v.regularPrice ?? '';
  variation.variation_attributes = v.attributes.map((a) => ({
    id: 0,
    name: a.name,
    option: a.option,
  }));
  variation.name = `${parent.name} - ${v.attributes.map((a) => a.option).join(', ')}`;
  return variation;
}

/** Attributes of a variable product from its variations when the caller gave none. */
function inferAttributes(item: PrefillProduct): PrefillAttribute[] {
  const byName = new Map<string, string[]>();
  for (const v of item.variations ?? [])
    for (const a of v.attributes) {
      const options = byName.get(a.name) ?? [];
      if (!options.includes(a.option)) options.push(a.option);
      byName.set(a.name, options);
    }
  return [...byName].map(([name, options]) => ({ name, options }));
}

export function storeOf(target: { store: SandboxStore } | SandboxStore | Shop): SandboxStore {
  return 'store' in target ? target.store : target;
}
