import assert from 'node:assert/strict';
import { mergeCustomer } from '../../../shared/customers/merge';
import { planSageEdits } from '../../../shared/customers/sage-edits';
import { customersConfig } from './fixtures';

const config = customersConfig();
const base = {
  email: 'a@x.fr',
  'billing.company': 'ACME',
  'billing.city': 'Lyon',
  'meta.sage_account': 'CL1',
  'meta.sage_home_depot': '1',
};

describe('three-way merge of a customer', () => {
  it('creates from Sage when the shop has no customer yet', () => {
    const result = mergeCustomer({ sage: base, shop: undefined, base: undefined, config });
    assert.deepEqual(result.toShop, base);
    assert.deepEqual(result.toSage, {});
    assert.deepEqual(result.next, base);
  });

  it('sends Sage changes to the shop and shop edits to Sage', () => {
    const sage = { ...base, email: 'new@x.fr' };
    const shop = { ...base, 'billing.city': 'Bron' };
    const result = mergeCustomer({ sage, shop, base, config });
    assert.deepEqual(result.toShop, { email: 'new@x.fr' });
    assert.deepEqual(result.toSage, { 'billing.city': 'Bron' });
    assert.deepEqual(result.conflicts, []);
    assert.equal(result.next['billing.city'], 'Bron');
    assert.equal(result.next.email, 'new@x.fr');
  });

  it('rewrites Sage-owned fields from Sage even when the shop changed them', () => {
    const shop = { ...base, 'billing.company': 'Hacked', 'meta.sage_account': 'CL9' };
    const result = mergeCustomer({ sage: base, shop, base, config });
    assert.deepEqual(result.toShop, { 'billing.company': 'ACME', 'meta.sage_account': 'CL1' });
    assert.deepEqual(result.toSage, {});
  });

  it('lets Sage win a conflict by default and records it; shop-wins reverses it', () => {
    const sage = { ...base, 'billing.city': 'Villeurbanne' };
    const shop = { ...base, 'billing.city': 'Bron' };
    const sageWins = mergeCustomer({ sage, shop, base, config });
    assert.deepEqual(sageWins.toShop, { 'billing.city': 'Villeurbanne' });
    assert.deepEqual(sageWins.toSage, {});
    assert.deepEqual(sageWins.conflicts, [
      { field: 'billing.city', base: 'Lyon', sage: 'Villeurbanne', shop: 'Bron', winner: 'sage' },
    ]);
    const shopWins = mergeCustomer({
      sage,
      shop,
      base,
      config: customersConfig({ conflictPolicy: 'shop-wins' }),
    });
    assert.deepEqual(shopWins.toSage, { 'billing.city': 'Bron' });
    assert.equal(shopWins.conflicts[0]?.winner, 'shop');
  });

  it('is no conflict when both sides made the same change', () => {
    const both = { ...base, 'billing.city': 'Bron' };
    const result = mergeCustomer({ sage: both, shop: both, base, config });
    assert.deepEqual(result, { toShop: {}, toSage: {}, conflicts: [], next: both });
  });

  it('takes Sage values on the first link by e-mail (no base), without a conflict', () => {
    const shop = { ...base, 'billing.city': 'Bron', 'meta.sage_home_depot': '' };
    const result = mergeCustomer({ sage: base, shop, base: undefined, config });
    assert.deepEqual(result.toShop, { 'billing.city': 'Lyon', 'meta.sage_home_depot': '1' });
    assert.deepEqual(result.conflicts, []);
  });

  it('keeps a home depot set in the shop, and fills it again once the shop clears it', () => {
    const setInShop = { ...base, 'meta.sage_home_depot': '4' };
    const moved = { ...base, 'meta.sage_home_depot': '2' };
    const kept = mergeCustomer({ sage: moved, shop: setInShop, base, config });
    assert.deepEqual(kept.toShop, {});
    assert.deepEqual(kept.toSage, {});
    assert.equal(kept.next['meta.sage_home_depot'], '2');
    // Still the shop's after the next Sage change: the base holds our default, not its value.
    const again = mergeCustomer({ sage: base, shop: setInShop, base: kept.next, config });
    assert.deepEqual(again.toShop, {});
    const cleared = mergeCustomer({
      sage: moved,
      shop: { ...base, 'meta.sage_home_depot': '' },
      base,
      config,
    });
    assert.deepEqual(cleared.toShop, { 'meta.sage_home_depot': '2' });
    // An unchanged shop value follows the default.
    const followed = mergeCustomer({ sage: moved, shop: base, base, config });
    assert.deepEqual(followed.toShop, { 'meta.sage_home_depot': '2' });
  });
});

describe('planning the Sage writes of shop edits', () => {
  const countries = config.countries;
  const merged = {
    first_name: 'Jean',
    last_name: 'Martin',
    'shipping.first_name': 'Marie',
    'shipping.last_name': 'Curie',
    'shipping.company': 'Dépôt Bron',
    'shipping.address_1': '1 rue Neuve',
    'shipping.address_2': '',
    'shipping.postcode': '69500',
    'shipping.city': 'Bron',
    'shipping.state': '',
    'shipping.country': 'FR',
    'shipping.phone': '0400',
  };

  it('maps account fields to F_COMPTET columns and names to the contact', () => {
    const plan = planSageEdits(
      { email: 'n@x.fr', 'billing.city': 'Bron', 'billing.country': 'BE', last_name: 'Martin' },
      merged,
      7,
      countries,
    );
    assert.deepEqual(plan.account, {
      email: 'n@x.fr',
      address: { city: 'Bron', country: 'Belgique' },
    });
    assert.equal(plan.contactName, 'Jean Martin');
    assert.equal(plan.delivery, undefined);
  });

  it('adds a delivery address for a new place and updates the main one for other edits', () => {
    const added = planSageEdits({ 'shipping.address_1': '1 rue Neuve' }, merged, 7, countries);
    assert.deepEqual(added.delivery, {
      kind: 'add',
      address: {
        name: 'Dépôt Bron',
        contact: 'Marie Curie',
        phone: '0400',
        line1: '1 rue Neuve',
        line2: '',
        postalCode: '69500',
        city: 'Bron',
        region: '',
        country: 'France',
      },
    });
    const edited = planSageEdits(
      { 'shipping.phone': '0400', 'shipping.address_2': '' },
      merged,
      7,
      countries,
    );
    assert.deepEqual(edited.delivery, {
      kind: 'update',
      addressNo: 7,
      changes: { phone: '0400', line2: '' },
    });
    const first = planSageEdits({ 'shipping.phone': '0400' }, merged, undefined, countries);
    assert.equal(first.delivery?.kind, 'add');
  });
});

describe('three-way merge driven by the shop', () => {
  it('leaves a Sage field the shop stores in its own form alone until Sage changes it', () => {
    const config = customersConfig();
    const base = { role: 'sage_sleeping', 'billing.company': 'ACME' };
    // The shop dropped the role (no plugin makes it writable): no write, hence no webhook loop.
    const shop = { role: 'customer', 'billing.company': 'ACME' };
    const quiet = mergeCustomer({ sage: base, shop, base, config, rewriteSageOwned: false });
    assert.deepEqual(quiet.toShop, {});
    const changed = { ...base, 'billing.company': 'ACME SA' };
    const loud = mergeCustomer({ sage: changed, shop, base, config, rewriteSageOwned: false });
    assert.deepEqual(loud.toShop, { 'billing.company': 'ACME SA' });
    // Sage-driven runs (the default) correct it.
    assert.deepEqual(mergeCustomer({ sage: base, shop, base, config }).toShop, {
      role: 'sage_sleeping',
    });
  });
});
