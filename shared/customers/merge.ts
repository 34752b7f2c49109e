import type { CustomersConfig } from '../config/customers';
import { ownerOf, type CustomerFields } from './fields';

/** Both sides changed the same editable field since the last sync, to different values. */
export interface FieldConflict {
  field: string;
  base: string | undefined;
  sage: string;
  shop: string;
  winner: 'sage' | 'shop';
}

export interface MergeResult {
  /** Values to write to the shop customer. */
  toShop: CustomerFields;
  /** Editable values to write to the Sage account (the customer's edits). */
  toSage: CustomerFields;
  conflicts: FieldConflict[];
  /** What both sides hold once the writes are applied: the next sync's base. */
  next: CustomerFields;
}

export interface MergeInput {
  /** The Sage account projected to shop fields (every managed field). */
  sage: CustomerFields;
  /** The shop customer's current values, or undefined when it does not exist yet. */
  shop: CustomerFields | undefined;
  /** The values of the last sync (both sides agreed), or undefined before the first one. */
  base: CustomerFields | undefined;
  config: Pick<CustomersConfig, 'editableFields' | 'conflictPolicy' | 'meta'>;
  /**
   * Whether a Sage field the shop holds differently is rewritten even when Sage did not change
   * it since the base (default). Shop-driven runs pass false: a shop that stores a value in its
   * own form (or drops it, like `role`) would otherwise get it rewritten, fire a webhook, get it
   * rewritten again… Sage-driven runs correct such fields at Sage's next change.
   */
  rewriteSageOwned?: boolean;
}

/**
 * Three-way merge of one customer, field by field, by ownership:
 * - Sage fields: the shop gets Sage's value (see `rewriteSageOwned`);
 * - editable fields: whoever changed since the base wins; when both changed to different values
 *   the configured policy wins (Sage by default) and the conflict is returned; without a base
 *   (first link) Sage's value is taken;
 * - shop-preferred fields (home depot): a non-empty shop value that differs from the default
 *   the connector last wrote was set in the shop and is kept; otherwise the shop gets Sage's.
 */
export function mergeCustomer({
  sage,
  shop,
  base,
  config,
  rewriteSageOwned = true,
}: MergeInput): MergeResult {
  const toShop: CustomerFields = {};
  const toSage: CustomerFields = {};
  const conflicts: FieldConflict[] = [];
  const next: CustomerFields = {};
  for (const field of Object.keys(sage)) {
    const sageValue = sage[field];
    const shopValue = shop?.[field];
    const baseValue = base?.[field];
    const owner = ownerOf(field, config);
    if (owner === 'sage' || shopValue === undefined) {
      const sageChanged = baseValue === undefined || baseValue !== sageValue;
      if (shopValue !== sageValue && (rewriteSageOwned || sageChanged)) toShop[field] = sageValue;
      next[field] = sageValue;
      continue;
    }
    if (owner === 'shop-preferred') {
      // The base of such a field is the default last written, not the shop's own value.
      const setInShop = shopValue !== '' && shopValue !== baseValue;
      if (!setInShop && shopValue !== sageValue) toShop[field] = sageValue;
      next[field] = sageValue;
      continue;
    }
    if (sageValue === shopValue) {
      next[field] = sageValue;
      continue;
    }
    const sageChanged = baseValue === undefined || sageValue !== baseValue;
    const shopChanged = baseValue !== undefined && shopValue !== baseValue;
    let winner: 'sage' | 'shop';
    if (sageChanged && shopChanged) {
      winner = config.conflictPolicy === 'shop-wins' ? 'shop' : 'sage';
      conflicts.push({ field, base: baseValue, sage: sageValue, shop: shopValue, winner });
    } else {
      winner = shopChanged ? 'shop' : 'sage';
    }
    if (winner === 'sage') {
      toShop[field] = sageValue;
      next[field] = sageValue;
    } else {
      toSage[field] = shopValue;
      next[field] = shopValue;
    }
  }
  return { toShop, toSage, conflicts, next };
}
