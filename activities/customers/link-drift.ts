import { heartbeat } from '@temporalio/activity';
import {
  DRIFT_EXAMPLES,
  driftDetail,
  type AreaCheck,
  type DriftEntry,
  type DriftField,
} from '../../shared/drift/report';
import type { Customer as ShopCustomer } from '../../shared/woo/customer';
import type { ActivityDeps } from '../deps';
import { recordDrift } from '../drift/reports';
import { customerAccountsAmong } from '../sage/customer-lookups';
import { CUSTOMER_KIND, type ReconcileSystems } from './reconcile';
import { asActivity } from './sync-activities';
import { customerSystems } from './systems';

/**
 * Customer links: the shop customers carrying the connector's Sage account meta
 * (`customers.meta.account`), or linked in the state store, against Sage and the state store.
 * Per shop customer, one drift report naming what is wrong:
 * - the account in its meta does not exist in Sage;
 * - another shop customer carries the same account;
 * - its meta differs from the state store's link (including a meta removed by hand).
 *
 * Healing re-writes the account meta from the state store's link, and only when that is safe:
 * the state store links this very customer to the account, the account exists in Sage, and no
 * other shop customer carries it. It never creates, deletes or relinks anything else: no shop
 * customer or Sage account is created or deleted, Sage is never written, the state store's
 * mappings are never changed (they are the reference), a customer the state store does not link
 * is only reported, and no field but the account meta is touched (the customer sync owns them).
 */

interface Link {
  shop: ShopCustomer;
  /** The account in its meta, trimmed ('' when none). */
  meta: string;
  /** The account the state store links to this shop customer, if any. */
  state?: string;
}

const upper = (account: string) => account.toUpperCase();

function metaOf(shop: ShopCustomer, key: string): string {
  const value = shop.meta_data?.find((m) => m.key === key)?.value;
  return typeof value === 'string' ? value.trim() : '';
}

/** Every shop customer with an account meta or a state-store link. */
async function readLinks(sys: ReconcileSystems): Promise<Link[]> {
  const key = sys.config.meta.account;
  const shops: ShopCustomer[] = [];
  for await (const page of sys.woo.customers.listAll({ role: 'all' })) {
    shops.push(...page.items);
    heartbeat({ customers: shops.length });
  }
  const withMeta = shops.map((shop) => ({ shop, meta: metaOf(shop, key) }));
  const mapped = await sys.state.getMappings(
    CUSTOMER_KIND,
    withMeta.filter((l) => l.meta !== '').map((l) => l.meta),
  );
  const links: Link[] = [];
  for (const link of withMeta) {
    // The usual case costs no lookup: the meta's account is mapped to this very customer.
    const state =
      link.meta !== '' && mapped.get(link.meta) === String(link.shop.id)
        ? link.meta
        : await sys.state.findSageKey(CUSTOMER_KIND, String(link.shop.id));
    if (link.meta === '' && state === undefined) continue;
    links.push({ ...link, ...(state !== undefined ? { state } : {}) });
  }
  return links;
}

export async function customerLinkDrift(
  sys: ReconcileSystems,
  options: { heal: boolean },
): Promise<AreaCheck> {
  const key = sys.config.meta.account;
  const field = `meta:${key}`;
  const links = await readLinks(sys);
  const inSage = await customerAccountsAmong(sys.sage, [
    ...links.map((l) => l.meta),
    ...links.flatMap((l) => (l.state ? [l.state] : [])),
  ]);
  const carriers = new Map<string, number[]>();
  for (const l of links.filter((x) => x.meta !== '')) {
    carriers.set(upper(l.meta), [...(carriers.get(upper(l.meta)) ?? []), l.shop.id]);
  }
  const entries: DriftEntry[] = [];
  let healed = 0;
  for (const link of links) {
    const { shop, meta, state } = link;
    const fields: DriftField[] = [];
    const others = (carriers.get(upper(meta)) ?? []).filter((id) => id !== shop.id);
    if (meta !== '' && !inSage.has(upper(meta))) {
      fields.push({ field, shop: meta, sage: `no account ${meta}` });
    }
    if (meta !== '' && others.length > 0) {
      fields.push({ field, shop: meta, sage: `also on shop customer ${others.join(', ')}` });
    }
    if (state !== undefined && upper(state) !== upper(meta)) {
      fields.push({ field, shop: meta, sage: state, source: 'state store' });
    }
    if (fields.length === 0) continue;
    let note: string | undefined;
    if (options.heal) {
      const why = unsafeToHeal(link, inSage, carriers);
      if (why === undefined) {
        await sys.woo.customers.update(shop.id, {
          meta_data: [{ key, value: state as string }],
        });
        healed += 1;
        note = `healed: ${key} set to ${state as string}`;
      } else note = `left alone: ${why}`;
    }
    entries.push({
      key: `woo:${shop.id}`,
      detail: driftDetail(`shop customer ${shop.id} (${shop.email})`, fields, note),
    });
  }
  await recordDrift(sys.snapshots, 'customers', entries);
  return {
    checked: links.length,
    drifted: entries.length,
    healed,
    examples: entries.slice(0, DRIFT_EXAMPLES),
  };
}

/** Why the state store's link may not be written back to this customer, if it may not. */
function unsafeToHeal(
  link: Link,
  inSage: ReadonlySet<string>,
  carriers: ReadonlyMap<string, number[]>,
): string | undefined {
  const { shop, state } = link;
  if (state === undefined) return 'the state store links no account to this customer';
  if (upper(state) === upper(link.meta)) return 'the state store agrees with the shop';
  if (!inSage.has(upper(state))) return `${state} is not in Sage either`;
  const others = (carriers.get(upper(state)) ?? []).filter((id) => id !== shop.id);
  if (others.length > 0) return `${state} is also on shop customer ${others.join(', ')}`;
  return undefined;
}

/** The drift reconciliation's customer links check; on the `sage` queue (Sage and the shop). */
export function createCustomerLinkActivities(deps: ActivityDeps) {
  const systems = customerSystems(deps);
  return {
    async checkCustomerLinkDrift(input: { heal: boolean }): Promise<AreaCheck> {
      return asActivity(deps, async () => customerLinkDrift(await systems(), input));
    },
  };
}
