import type { Customer as ShopCustomer } from '../../shared/woo/customer';
import type { WooClient } from '../woo';

/** Shop customers by id, 100 per request (`include`), any role; missing ids are simply absent. */
export async function shopCustomersByIds(
  woo: WooClient,
  ids: readonly number[],
): Promise<Map<number, ShopCustomer>> {
  const found = new Map<number, ShopCustomer>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 100) {
    const part = unique.slice(i, i + 100);
    const page = await woo.customers.list({
      include: part.join(','),
      role: 'all',
      per_page: 100,
    });
    for (const customer of page.items) found.set(customer.id, customer);
  }
  return found;
}
