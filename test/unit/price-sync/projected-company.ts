import {
  buildPriceIndex,
  DEFAULT_PRICING_OPTIONS,
  type CombinationStrategy,
  type PricingCustomer,
  type PricingData,
} from '../../../shared/price-engine';
import { CustomerPricingProjector } from '../../../shared/price-sync/customer-projector';
import type { ShopFormula } from '../../../shared/price-sync/implied-price';
import {
  customerPricing,
  priceCategoriesOf,
  productPricing,
  withCategoryCustomers,
} from '../../../shared/price-sync/projection';
import { DAY } from '../price-engine/builders';

/**
 * The full projection of a company on DAY, as the price sync tests compare it: the engine index
 * over the company's price categories, every product's pricing, the shop formula (2 decimals,
 * half up), the shared customer projector, and `pricingOf`, the reference projection of one
 * customer that the projector must match.
 */
export function projectCompany(data: PricingData, strategy: CombinationStrategy = 'highest') {
  const categories = priceCategoriesOf(data);
  const options = { ...DEFAULT_PRICING_OPTIONS, strategy };
  const index = buildPriceIndex(withCategoryCustomers(data, categories), options);
  const products = new Map(
    data.articles.map((a) => [a.reference, productPricing(index, a, categories, DAY)]),
  );
  const formula: ShopFormula = { decimals: 2, mode: 'half-up', strategy };
  const projector = new CustomerPricingProjector(
    index,
    data,
    data.articles,
    products,
    DAY,
    formula,
  );
  const pricingOf = (c: PricingCustomer) =>
    customerPricing(index, data, c, data.articles, products, DAY, formula);
  return { categories, options, index, products, formula, projector, pricingOf };
}
