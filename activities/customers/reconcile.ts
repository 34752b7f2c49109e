import { log } from '@temporalio/activity';
import type { CustomersConfig } from '../../shared/config/customers';
import { customerHash } from '../../shared/customers/content-hash';
import { duplicateEmailAccounts, emailProblem } from '../../shared/customers/email';
import { shopFields, type CustomerFields } from '../../shared/customers/fields';
import { mergeCustomer, type FieldConflict } from '../../shared/customers/merge';
import { customerPayload } from '../../shared/customers/payload';
import {
  mainDeliveryAddress,
  projectCustomer,
  type CustomerProjection,
} from '../../shared/customers/projection';
import {
  emptyCounts,
  type CustomerCounts,
  type CustomerProblem,
  type CustomerReport,
} from '../../shared/customers/report';
import { planSageEdits } from '../../shared/customers/sage-edits';
import type { Customer, Depot } from '../../shared/sage/types';
import type {
  CustomerCreate,
  CustomerUpdate,
  Customer as ShopCustomer,
} from '../../shared/woo/customer';
import { readCustomerArticleCodes } from '../sage/customer-codes';
import type { SageDb } from '../sage/db';
import type { SnapshotStore } from '../state/snapshots';
import type { StateStore } from '../state/store';
import { WooItemError, type WooClient } from '../woo';
import { applySageEdits } from './apply-sage-edits';
import { emailHolders } from '../sage/customer-lookups';
import { shopCustomersByIds } from './shop-queries';

/** Mapping, hash and snapshot kind of customers in the state store. */
export const CUSTOMER_KIND = 'customer';
/** Flow name of the reports (shared by both directions: one list for the operator). */
export const CUSTOMER_FLOW = 'customers';

export interface ReconcileSystems {
  sage: SageDb;
  woo: WooClient;
  state: StateStore;
  snapshots: SnapshotStore;
  config: CustomersConfig;
  creatorTag: string;
  /** `sage.writer.clearableFields`: fields an empty shop value may clear in Sage. */
  clearableFields: readonly string[];
  depots: Depot[];
}

export interface ReconcileOptions {
  /** False while the shop would mail new customers: nobody is created (reported). */
  createsAllowed: boolean;
  /** Skip accounts whose Sage projection did not change since the last push (Sage-driven runs). */
  skipUnchanged: boolean;
  /** Shop customers already read, by account (edits flow): they are the linked ones. */
  shopByAccount?: ReadonlyMap<string, ShopCustomer>;
  /**
   * Rewrite Sage fields the shop holds differently even when Sage did not change them. False
   * in the shop-driven flow, so that a value the shop stores in its own form cannot make the
   * connector's write and the shop's webhook chase each other.
   */
  rewriteSageOwned: boolean;
}

export interface ReconcileResult {
  counts: CustomerCounts;
  reports: CustomerReport[];
}

/** Snapshot of a customer after a sync: the shop id and the values both sides agreed on. */
export interface CustomerSnapshot {
  wooId: number;
  fields: CustomerFields;
}

interface Candidate {
  customer: Customer;
  projection: CustomerProjection;
  hash: string;
  shop?: ShopCustomer;
  base?: CustomerFields;
}

interface ShopUpdate {
  c: Candidate;
  toShop: CustomerFields;
  next: CustomerFields;
  shopId: number;
}

interface SageEdit {
  c: Candidate;
  toSage: CustomerFields;
  next: CustomerFields;
}

const ALREADY_REGISTERED = 'registration-error-email-exists';

/**
 * Brings Sage accounts and their shop customers in step, both ways, for one small set of
 * accounts (a page): checks e-mails, projects, links (mapping, else by e-mail on creation
 * collision), merges three ways against the last snapshot, writes the shop in batches and the
 * customers' edits into Sage, then records mappings, hashes, snapshots and reports. Bad accounts
 * are reported and skipped; the others go on. Safe to repeat: every write compares first.
 */
export async function reconcileAccounts(
  sys: ReconcileSystems,
  customers: readonly Customer[],
  options: ReconcileOptions,
): Promise<ReconcileResult> {
  return new Reconciliation(sys, options).run(customers);
}

/** One reconciliation: the steps share the counts, reports and outcomes of the page. */
class Reconciliation {
  private readonly counts = emptyCounts();
  private readonly reports: CustomerReport[] = [];
  /** Accounts that went through: the shop customer and the values both sides now hold. */
  private readonly done = new Map<string, { next: CustomerFields; shopId: number }>();
  private readonly sageEdits: SageEdit[] = [];
  /** Accounts looked at in this run (all but the unchanged ones): their reports are renewed. */
  private readonly evaluated: string[] = [];
  private mappings = new Map<string, string>();

  constructor(
    private readonly sys: ReconcileSystems,
    private readonly options: ReconcileOptions,
  ) {}

  async run(customers: readonly Customer[]): Promise<ReconcileResult> {
    this.counts.read = customers.length;
    const candidates = await this.select(customers);
    await this.loadShopSide(candidates);

    const creates: Candidate[] = [];
    const updates: ShopUpdate[] = [];
    for (const c of candidates) {
      if (c.shop) this.plan(c, c.shop, c.base, updates);
      else if (this.options.createsAllowed) creates.push(c);
      else this.skip(c.customer.account, 'new-account-email-enabled', 'creation held back');
    }
    const collisions = await this.sendBatch(creates, updates);
    await this.sendBatch([], await this.linkByEmail(collisions));
    await this.writeSageEdits();
    await this.remember(candidates);
    return { counts: this.counts, reports: this.reports };
  }

  private report(key: string, problem: CustomerProblem, detail?: string): void {
    this.reports.push({ key, problem, ...(detail !== undefined ? { detail } : {}) });
  }

  private skip(key: string, problem: CustomerProblem, detail?: string): void {
    this.report(key, problem, detail);
    this.counts.skipped += 1;
  }

  /** Projects each account; drops the unchanged ones and those with an unusable e-mail. */
  private async select(customers: readonly Customer[]): Promise<Candidate[]> {
    const { sys, options } = this;
    const accounts = customers.map((c) => c.account);
    this.mappings = await sys.state.getMappings(CUSTOMER_KIND, accounts);
    for (const [account, shop] of options.shopByAccount ?? []) {
      this.mappings.set(account, String(shop.id));
    }
    const hashes = options.skipUnchanged
      ? await sys.state.getHashes(CUSTOMER_KIND, accounts)
      : new Map<string, string>();

    // The customer's article codes are part of its projection (and hash): a change of codes is
    // a change of the customer.
    const codes = await readCustomerArticleCodes(sys.sage, customers);
    const valid: Candidate[] = [];
    for (const read of customers) {
      const customer: Customer = { ...read, articleCodes: codes.codes.get(read.account) ?? {} };
      const { account } = customer;
      const projection = projectCustomer(customer, { config: sys.config, depots: sys.depots });
      const hash = customerHash(projection.fields);
      const linked = this.mappings.has(account);
      if (options.skipUnchanged && linked && hashes.get(account) === hash) {
        this.counts.unchanged += 1;
        continue;
      }
      this.evaluated.push(account);
      const problem = emailProblem(customer.email);
      if (problem) {
        this.skip(account, problem, customer.email.trim() || undefined);
        continue;
      }
      if (!linked && customer.sleeping && !sys.config.sleeping.createSleeping) {
        this.counts.skipped += 1;
        continue;
      }
      if (!projection.homeDepot) {
        this.report(account, 'postal-code-matches-no-depot', customer.address.postalCode);
      }
      // One report per account and problem kind: every code problem of the account in it.
      const codeIssues = codes.issues.filter((i) => accountOfIssue(i.key) === account);
      if (codeIssues.length > 0) {
        const details = codeIssues.map((i) => `${i.problem} ${i.key}: ${i.detail ?? ''}`);
        this.report(account, 'sage-data', details.join(' | '));
      }
      valid.push({ customer, projection, hash });
    }

    const holders = await emailHolders(
      sys.sage,
      valid.map((c) => c.customer.email),
    );
    const duplicates = duplicateEmailAccounts(
      valid.map((c) => ({ account: c.customer.account, email: c.customer.email })),
      holders,
      new Set(this.mappings.keys()),
    );
    return valid.filter(({ customer }) => {
      const others = duplicates.get(customer.account);
      if (others) {
        this.skip(
          customer.account,
          'duplicate-email',
          `${customer.email.trim()} also on ${others.join(', ')}`,
        );
      }
      return !others;
    });
  }

  /** The linked shop customers (one read per 100) and the last agreed values. */
  private async loadShopSide(candidates: Candidate[]): Promise<void> {
    const { sys, options } = this;
    const linkedIds = candidates
      .map((c) => Number(this.mappings.get(c.customer.account)))
      .filter((id) => Number.isInteger(id) && id > 0);
    const shopById = options.shopByAccount
      ? new Map([...options.shopByAccount.values()].map((s) => [s.id, s]))
      : await shopCustomersByIds(sys.woo, linkedIds);
    const snapshots = await sys.snapshots.getSnapshots<CustomerSnapshot>(
      CUSTOMER_KIND,
      candidates.map((c) => c.customer.account),
    );
    for (const c of candidates) {
      // A customer deleted in the shop is created again.
      c.shop = shopById.get(Number(this.mappings.get(c.customer.account)));
      const snapshot = snapshots.get(c.customer.account);
      // A snapshot of another shop customer (re-created, re-linked) is no base for this one.
      if (snapshot && c.shop && snapshot.wooId === c.shop.id) c.base = snapshot.fields;
    }
  }

  /** Three-way merge of one linked customer: what goes to the shop, what goes to Sage. */
  private plan(
    c: Candidate,
    shop: ShopCustomer,
    base: CustomerFields | undefined,
    updates: ShopUpdate[],
  ): void {
    const sage = c.projection.fields;
    const merged = mergeCustomer({
      sage,
      shop: shopFields(shop, Object.keys(sage)),
      base,
      config: this.sys.config,
      rewriteSageOwned: this.options.rewriteSageOwned,
    });
    for (const conflict of merged.conflicts) {
      this.counts.conflicts += 1;
      this.report(c.customer.account, 'conflict', describeConflict(conflict));
    }
    const toSage = Object.keys(merged.toSage).length > 0;
    if (toSage) this.sageEdits.push({ c, toSage: merged.toSage, next: merged.next });
    if (Object.keys(merged.toShop).length > 0) {
      updates.push({ c, toShop: merged.toShop, next: merged.next, shopId: shop.id });
      return;
    }
    if (!toSage) this.counts.unchanged += 1;
    this.done.set(c.customer.account, { next: merged.next, shopId: shop.id });
  }

  /**
   * Creates and updates in batch requests of at most 100 items; returns the creations the shop
   * refused because it already has a customer with that e-mail.
   */
  private async sendBatch(creates: Candidate[], updates: ShopUpdate[]): Promise<Candidate[]> {
    if (creates.length === 0 && updates.length === 0) return [];
    const objectMeta = [this.sys.config.meta.customerCodes];
    const batch = await this.sys.woo.customers.batch({
      create: creates.map(
        (c) => customerPayload(c.projection.fields, objectMeta, 'create') as CustomerCreate,
      ),
      update: updates.map(
        (u) => ({ id: u.shopId, ...customerPayload(u.toShop, objectMeta) }) as CustomerUpdate,
      ),
    });
    this.counts.writeRequests += batch.requests;
    const collisions: Candidate[] = [];
    for (const item of batch.items) {
      if (item.op === 'create') {
        const c = creates[item.index];
        if (item.ok) {
          this.counts.created += 1;
          this.done.set(c.customer.account, { next: c.projection.fields, shopId: item.id });
        } else if (item.error instanceof WooItemError && item.error.code === ALREADY_REGISTERED) {
          collisions.push(c);
        } else this.skip(c.customer.account, 'shop-rejected', item.error.message);
      } else if (item.op === 'update') {
        const u = updates[item.index];
        if (item.ok) {
          this.counts.updated += 1;
          this.done.set(u.c.customer.account, { next: u.next, shopId: u.shopId });
        } else this.skip(u.c.customer.account, 'shop-rejected', item.error.message);
      }
    }
    return collisions;
  }

  /**
   * First link by e-mail: the shop already has a customer with the account's address. It is
   * linked unless it carries another account (an ambiguous case, reported); Sage's values then
   * replace the shop's (no base yet: no conflict).
   */
  private async linkByEmail(collisions: Candidate[]): Promise<ShopUpdate[]> {
    const updates: ShopUpdate[] = [];
    for (const c of collisions) {
      const { account } = c.customer;
      const found = await this.sys.woo.customers.getByEmail(c.customer.email.trim());
      if (!found) {
        this.skip(account, 'shop-rejected', `${ALREADY_REGISTERED} but no customer found`);
        continue;
      }
      const { sleeping } = this.sys.config;
      if (![sleeping.activeRole, sleeping.role, 'customer'].includes(found.role)) {
        // Never hand a staff account (administrator, shop manager) to a customer.
        this.skip(
          account,
          'email-linked-to-other-account',
          `shop user ${found.id} is ${found.role}`,
        );
        continue;
      }
      const owner = await this.ownerOf(found);
      if (owner !== undefined && owner.toUpperCase() !== account.toUpperCase()) {
        this.skip(
          account,
          'email-linked-to-other-account',
          `shop customer ${found.id} is ${owner}`,
        );
        continue;
      }
      this.counts.linkedByEmail += 1;
      c.shop = found;
      this.plan(c, found, undefined, updates);
    }
    return updates;
  }

  /** The Sage account a shop customer is linked to: its meta, else the mapping store. */
  private async ownerOf(shop: ShopCustomer): Promise<string | undefined> {
    const meta = shop.meta_data?.find((m) => m.key === this.sys.config.meta.account)?.value;
    if (typeof meta === 'string' && meta.trim() !== '') return meta.trim();
    return this.sys.state.findSageKey(CUSTOMER_KIND, String(shop.id));
  }

  /** The customers' edits that won the merge go to Sage (once the shop side went through). */
  private async writeSageEdits(): Promise<void> {
    for (const edit of this.sageEdits) {
      const { customer } = edit.c;
      const done = this.done.get(customer.account);
      if (!done) continue;
      const plan = planSageEdits(
        edit.toSage,
        edit.next,
        mainDeliveryAddress(customer)?.addressNo,
        this.sys.config.countries,
      );
      try {
        const outcome = await applySageEdits(this.sys.sage, customer.account, plan, {
          creatorTag: this.sys.creatorTag,
          clearableFields: this.sys.clearableFields,
        });
        if (outcome.changed) this.counts.sageUpdated += 1;
        if (outcome.deliveryAddressAdded) this.counts.deliveryAddressesAdded += 1;
        if (outcome.truncated.length > 0) {
          const columns = outcome.truncated.join(', ');
          this.report(customer.account, 'sage-data', `cut to Sage column length: ${columns}`);
        }
        if (outcome.problems.length > 0) {
          // Sage kept its value for these fields: keep the old base for the shop fields behind
          // them, so that the next run sees the shop edit again (and reports it again) instead of
          // taking Sage's value for a new Sage edit and writing it over the customer's.
          for (const field of refusedShopFields(outcome.problems, edit.toSage)) {
            done.next[field] = edit.c.base?.[field] ?? edit.c.projection.fields[field];
          }
          // One report per account and problem kind (the store's key): every refused field, each
          // message naming it, in the one detail.
          this.report(
            customer.account,
            'sage-value-refused',
            outcome.problems.map((p) => p.message).join(' | '),
          );
        }
      } catch (err) {
        // Not applied: keep the old base for these fields so the edit is tried again next time.
        for (const field of Object.keys(edit.toSage)) {
          done.next[field] = edit.c.base?.[field] ?? edit.c.projection.fields[field];
        }
        this.report(customer.account, 'sage-rejected', (err as Error).message);
      }
    }
  }

  /** Mappings, hashes and snapshots of what went through; reports for the operator. */
  private async remember(candidates: Candidate[]): Promise<void> {
    const { state, snapshots } = this.sys;
    const went = candidates.filter((c) => this.done.has(c.customer.account));
    const outcome = (c: Candidate) =>
      this.done.get(c.customer.account) as { next: CustomerFields; shopId: number };
    await state.putMappings(
      CUSTOMER_KIND,
      went.map((c) => ({ sageKey: c.customer.account, wooId: String(outcome(c).shopId) })),
    );
    await state.putHashes(
      CUSTOMER_KIND,
      went.map((c) => ({ key: c.customer.account, hash: c.hash })),
    );
    await snapshots.putSnapshots<CustomerSnapshot>(
      CUSTOMER_KIND,
      went.map((c) => ({
        key: c.customer.account,
        data: { wooId: outcome(c).shopId, fields: outcome(c).next },
      })),
    );
    // An account's reports are those of its latest look: earlier ones are resolved, except
    // conflicts (history for the operator).
    const current = new Map<string, string[]>();
    for (const r of this.reports) current.set(r.key, [...(current.get(r.key) ?? []), r.problem]);
    const accounts = this.evaluated;
    await snapshots.clearReports(
      CUSTOMER_FLOW,
      accounts.filter((a) => !current.has(a)),
      ['conflict'],
    );
    for (const account of accounts.filter((a) => current.has(a))) {
      const keep = ['conflict', ...(current.get(account) ?? [])];
      await snapshots.clearReports(CUSTOMER_FLOW, [account], keep);
    }
    await snapshots.putReports(CUSTOMER_FLOW, this.reports);
    if (this.reports.length > 0) {
      log.info('customer problems reported', { count: this.reports.length });
    }
  }
}

/** The shop fields (`CustomerFields` keys) behind each Sage field the write guard refused. */
const SHOP_FIELDS_OF: Readonly<Record<string, readonly string[]>> = {
  'customer.email': ['email'],
  'customer.name': ['billing.company'],
  'customer.phone': ['billing.phone'],
  'customer.line1': ['billing.address_1'],
  'customer.line2': ['billing.address_2'],
  'customer.postalCode': ['billing.postcode'],
  'customer.city': ['billing.city'],
  'customer.region': ['billing.state'],
  'customer.country': ['billing.country'],
  'customer.contact': ['first_name', 'last_name'],
  'delivery.name': ['shipping.company', 'shipping.first_name', 'shipping.last_name'],
  'delivery.contact': ['shipping.first_name', 'shipping.last_name'],
  'delivery.phone': ['shipping.phone'],
  'delivery.line1': ['shipping.address_1'],
  'delivery.line2': ['shipping.address_2'],
  'delivery.postalCode': ['shipping.postcode'],
  'delivery.city': ['shipping.city'],
  'delivery.region': ['shipping.state'],
  'delivery.country': ['shipping.country'],
};

function refusedShopFields(
  problems: readonly { field: string }[],
  toSage: CustomerFields,
): string[] {
  const fields = problems.flatMap((p) => SHOP_FIELDS_OF[p.field] ?? []);
  return [...new Set(fields)].filter((f) => f in toSage);
}

/** The account of a code issue's key (`ACCOUNT/ARTICLE` or `ACCOUNT`). */
function accountOfIssue(key: string): string {
  return key.split('/')[0];
}

function describeConflict(conflict: FieldConflict): string {
  const was = conflict.base ?? '';
  return `${conflict.field}: Sage "${conflict.sage}", shop "${conflict.shop}" (was "${was}"); ${conflict.winner} kept`;
}
