import type { PostalAddress } from '../sage/types';
import type { CustomerFields } from './fields';
import { countryName, joinPersonName } from './projection';

/** The customer's edits, in Sage terms (F_COMPTET columns and one F_LIVRAISON row). */
export interface SageEditPlan {
  account?: {
    name?: string;
    email?: string;
    phone?: string;
    address?: Partial<PostalAddress>;
  };
  /** CT_Contact: the person's name ("first last"). */
  contactName?: string;
  delivery?:
    | { kind: 'add'; address: DeliveryAddressFields }
    | { kind: 'update'; addressNo: number; changes: Partial<DeliveryAddressFields> };
}

export interface DeliveryAddressFields extends PostalAddress {
  name: string;
  contact: string;
  phone: string;
}

/** A shipping address is another place when one of these changes; else it is the same one edited. */
const SHIPPING_IDENTITY = [
  'shipping.company',
  'shipping.address_1',
  'shipping.postcode',
  'shipping.city',
];

const ADDRESS_COLUMNS: [string, keyof PostalAddress][] = [
  ['address_1', 'line1'],
  ['address_2', 'line2'],
  ['postcode', 'postalCode'],
  ['city', 'city'],
  ['state', 'region'],
  ['country', 'country'],
];

/**
 * Turns the shop values that won the merge (`toSage`) into Sage writes. `merged` holds every
 * field after the merge (for a new delivery address, which is written whole); `mainAddressNo`
 * is the account's main delivery address. A changed place (company, street, postal code, city)
 * is a new delivery address that becomes the main one; other shipping edits update it.
 */
export function planSageEdits(
  toSage: CustomerFields,
  merged: CustomerFields,
  mainAddressNo: number | undefined,
  countries: Record<string, string>,
): SageEditPlan {
  const plan: SageEditPlan = {};
  const has = (field: string) => field in toSage;
  const account: NonNullable<SageEditPlan['account']> = {};
  if (has('email')) account.email = toSage.email;
  if (has('billing.company')) account.name = toSage['billing.company'];
  if (has('billing.phone')) account.phone = toSage['billing.phone'];
  const address: Partial<PostalAddress> = {};
  for (const [shop, sage] of ADDRESS_COLUMNS) {
    const value = toSage[`billing.${shop}`];
    if (value !== undefined)
      address[sage] = shop === 'country' ? countryName(value, countries) : value;
  }
  if (Object.keys(address).length > 0) account.address = address;
  if (Object.keys(account).length > 0) plan.account = account;
  if (has('first_name') || has('last_name')) {
    plan.contactName = joinPersonName(merged.first_name ?? '', merged.last_name ?? '');
  }

  const shippingEdited = Object.keys(toSage).some((f) => f.startsWith('shipping.'));
  if (!shippingEdited) return plan;
  const whole = deliveryFields(merged, countries);
  if (mainAddressNo === undefined || SHIPPING_IDENTITY.some(has)) {
    plan.delivery = { kind: 'add', address: whole };
  } else {
    const changes: Partial<DeliveryAddressFields> = {};
    if (has('shipping.first_name') || has('shipping.last_name')) changes.contact = whole.contact;
    if (has('shipping.phone')) changes.phone = whole.phone;
    for (const [shop, sage] of ADDRESS_COLUMNS) {
      if (has(`shipping.${shop}`)) changes[sage] = whole[sage];
    }
    plan.delivery = { kind: 'update', addressNo: mainAddressNo, changes };
  }
  return plan;
}

function deliveryFields(
  merged: CustomerFields,
  countries: Record<string, string>,
): DeliveryAddressFields {
  const get = (key: string) => merged[`shipping.${key}`] ?? '';
  return {
    name: get('company') || joinPersonName(get('first_name'), get('last_name')),
    contact: joinPersonName(get('first_name'), get('last_name')),
    phone: get('phone'),
    line1: get('address_1'),
    line2: get('address_2'),
    postalCode: get('postcode'),
    city: get('city'),
    region: get('state'),
    country: countryName(get('country'), countries),
  };
}
