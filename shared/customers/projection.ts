import type { CustomersConfig } from '../config/customers';
import type { Customer, DeliveryAddress, Depot } from '../sage/types';
import { articleCodesText } from './article-codes';
import { ADDRESS_KEYS, metaField, type CustomerFields } from './fields';
import { homeDepotFor, type HomeDepotChoice } from './home-depot';

export interface ProjectionContext {
  config: CustomersConfig;
  depots: readonly Pick<Depot, 'depotNo' | 'postalCode'>[];
}

export interface CustomerProjection {
  fields: CustomerFields;
  homeDepot: HomeDepotChoice | undefined;
}

/** "Jean Dupont" → Jean / Dupont; a single word is a last name. */
export function splitPersonName(full: string): { first: string; last: string } {
  const words = full.trim().split(/\s+/).filter(Boolean);
  if (words.length <= 1) return { first: '', last: words[0] ?? '' };
  return { first: words[0], last: words.slice(1).join(' ') };
}

export function joinPersonName(first: string, last: string): string {
  return `${first.trim()} ${last.trim()}`.trim();
}

/** Sage country name → ISO code of the shop; an unknown name is passed on as written. */
export function countryCode(name: string, countries: Record<string, string>): string {
  const wanted = name.trim().toLowerCase();
  if (wanted === '') return '';
  const hit = Object.entries(countries).find(([n]) => n.toLowerCase() === wanted);
  return hit ? hit[1] : name.trim();
}

/** ISO code of the shop → the Sage country name (first configured name for that code). */
export function countryName(code: string, countries: Record<string, string>): string {
  const wanted = code.trim().toUpperCase();
  if (wanted === '') return '';
  const hit = Object.entries(countries).find(([, c]) => c.toUpperCase() === wanted);
  return hit ? hit[0] : code.trim();
}

export function mainDeliveryAddress(customer: Customer): DeliveryAddress | undefined {
  return customer.deliveryAddresses.find((a) => a.isDefault) ?? customer.deliveryAddresses[0];
}

function contactName(customer: Customer): { first: string; last: string } {
  if (customer.contactName.trim() !== '') return splitPersonName(customer.contactName);
  const first = customer.contacts[0];
  return first ? { first: first.firstName, last: first.lastName } : { first: '', last: '' };
}

function setAddress(out: CustomerFields, prefix: string, values: Record<string, string>): void {
  for (const key of ADDRESS_KEYS) out[`${prefix}.${key}`] = (values[key] ?? '').trim();
}

/**
 * A Sage account as the shop customer it should be, in flat fields: names and company, billing
 * from the account's address, shipping from its main delivery address, e-mail, and the data
 * contract's meta (account, VAT, SIRET, price group, home depot, central,
 * paying third party, sleeping, article codes as canonical JSON). Pure: same inputs, same fields.
 */
export function projectCustomer(customer: Customer, ctx: ProjectionContext): CustomerProjection {
  const { config } = ctx;
  const meta = config.meta;
  const person = contactName(customer);
  const email = customer.email.trim();
  const out: CustomerFields = { email, first_name: person.first, last_name: person.last };
  setAddress(out, 'billing', {
    first_name: person.first,
    last_name: person.last,
    company: customer.name,
    address_1: customer.address.line1,
    address_2: customer.address.line2,
    city: customer.address.city,
    state: customer.address.region,
    postcode: customer.address.postalCode,
    country: countryCode(customer.address.country, config.countries),
    phone: customer.phone,
  });
  out['billing.email'] = email;
  const delivery = mainDeliveryAddress(customer);
  const receiver = splitPersonName(delivery?.contact ?? '');
  setAddress(out, 'shipping', {
    first_name: delivery ? receiver.first : '',
    last_name: delivery ? receiver.last : '',
    company: delivery?.name ?? '',
    address_1: delivery?.line1 ?? '',
    address_2: delivery?.line2 ?? '',
    city: delivery?.city ?? '',
    state: delivery?.region ?? '',
    postcode: delivery?.postalCode ?? '',
    country: delivery ? countryCode(delivery.country, config.countries) : '',
    phone: delivery?.phone ?? '',
  });
  const homeDepot = homeDepotFor(customer, ctx.depots, config.homeDepot);
  const category = String(customer.priceCategory);
  out[metaField(meta.account)] = customer.account;
  out[metaField(meta.vatNumber)] = customer.vatNumber.trim();
  out[metaField(meta.siret)] = customer.siret.trim();
  out[metaField(meta.priceGroup)] = config.priceGroups[category] ?? `Tarif ${category}`;
  out[metaField(meta.homeDepot)] = homeDepot ? String(homeDepot.depotNo) : '';
  out[metaField(meta.central)] = customer.centralAccount;
  out[metaField(meta.payer)] = customer.payerAccount;
  // '' when there are none: the update then deletes the key (customerPayload).
  if (customer.articleCodes !== undefined) {
    out[metaField(meta.customerCodes)] = articleCodesText(customer.articleCodes);
  }
  if (config.sleeping.mode === 'meta') {
    out[metaField(meta.sleeping)] = customer.sleeping ? '1' : '0';
  } else {
    out.role = customer.sleeping ? config.sleeping.role : config.sleeping.activeRole;
  }
  return { fields: out, homeDepot };
}
