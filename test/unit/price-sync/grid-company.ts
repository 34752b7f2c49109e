import type {
  PricingArticlePrice,
  PricingData,
  PricingQuantityRange,
} from '../../../shared/price-engine';
import { categoryRow, chaise, company, customer, exceptionRow } from '../price-engine/builders';

/**
 * A small company whose prices move with the quantity, in every way the engine handles: grids by
 * quantity and by amount, on category rows and on customer rows (own, and a central's), ranges
 * of discounts in cascade, of "no discount", of net prices, bounds that are not whole, a last
 * bound after which the row's own discount comes back; and customers whose own discounts compete
 * with the grid's. Shared by the projection tests and the golden price vectors.
 */

type RangeTarget = { category: number } | { customerAccount: string };

function range(
  articleReference: string,
  target: RangeTarget,
  upperBound: string,
  rates: string[],
  netPrice = '0',
): PricingQuantityRange {
  return {
    articleReference,
    ...target,
    upperBound,
    discounts: rates.map((value) => ({ value, type: 1 })),
    netPrice,
  };
}

function row(articleReference: string, base: PricingArticlePrice): PricingArticlePrice {
  return { ...base, articleReference };
}

export function gridCompany(): PricingData {
  const cat2 = { category: 2 };
  const cat3 = { category: 3 };
  return company({
    articles: [
      chaise(),
      chaise({ reference: 'TABLE01', salePrice: '250' }),
      chaise({ reference: 'LAMPE01', familyCode: 'LUMIERE', salePrice: '40' }),
      chaise({ reference: 'VIS01', familyCode: 'QUINC', salePrice: '0.37' }),
    ],
    customers: [
      customer('CLI001', 2),
      customer('CLI002', 2, '5'),
      customer('CLI003', 3, '2'),
      customer('CLI004', 2),
      customer('CLI005', 3),
      customer('CENT01', 2, '1'),
      customer('MAG12', 1, '0', 'CENT01'),
      customer('CLI006', 1, '12'),
    ],
    articlePrices: [
      // CHAISE01: category 2 by quantity (E of docs/price-rules.md), category 3 by amount.
      categoryRow(2, '90', { gridKind: 1, discountRate: '1' }),
      categoryRow(3, '95', { gridKind: 2 }),
      // CLI004's own row with a grid by quantity; CLI005's price moves the category 3 amounts.
      exceptionRow('CLI004', '85', { discountRate: '10', gridKind: 3 }),
      exceptionRow('CLI005', '120'),
      // TABLE01: a net price from 20 in category 2; "hors remise" in category 1 with a grid.
      row('TABLE01', categoryRow(2, '240', { gridKind: 1 })),
      row('TABLE01', categoryRow(1, '245', { gridKind: 1, excludedFromDiscounts: true })),
      // CENT01's row (its members' too) with a grid by amount.
      row('TABLE01', exceptionRow('CENT01', '230', { gridKind: 2 })),
      // VIS01: small unit price, bounds that are not whole quantities.
      row('VIS01', categoryRow(1, '0.35', { gridKind: 1 })),
    ],
    familyCategoryPrices: [
      { familyCode: 'MOBILIER', category: 2, discountRate: '3', excludedFromDiscounts: false },
    ],
    familyCustomerDiscounts: [
      { familyCode: 'MOBILIER', customerAccount: 'CLI002', discountRate: '8' },
      { familyCode: 'QUINC', customerAccount: 'CLI006', discountRate: '4' },
    ],
    quantityRanges: [
      range('CHAISE01', cat2, '9', ['0']),
      range('CHAISE01', cat2, '49', ['5']),
      range('CHAISE01', cat2, '999', ['5', '2']),
      range('CHAISE01', cat3, '500', []),
      range('CHAISE01', cat3, '2000', ['4']),
      range('CHAISE01', cat3, '10000', [], '80'),
      range('CHAISE01', { customerAccount: 'CLI004' }, '4', []),
      range('CHAISE01', { customerAccount: 'CLI004' }, '99', ['12.5']),
      range('TABLE01', cat2, '19', ['3']),
      range('TABLE01', cat2, '999999', [], '199.99'),
      range('TABLE01', { category: 1 }, '11', ['2']),
      range('TABLE01', { category: 1 }, '999999', ['6']),
      range('TABLE01', { customerAccount: 'CENT01' }, '2300', ['2']),
      range('TABLE01', { customerAccount: 'CENT01' }, '11500', ['7.5']),
      range('VIS01', { category: 1 }, '99.5', ['0']),
      range('VIS01', { category: 1 }, '999.5', ['10']),
      range('VIS01', { category: 1 }, '5000', ['15', '5']),
    ],
  });
}

/** Whole quantities worth checking for gridCompany: every one up to 130, and around the bounds. */
export const GRID_QUANTITIES: readonly number[] = [
  ...Array.from({ length: 130 }, (_, i) => i + 1),
  ...[999, 1000, 1001, 5000, 5001, 10000, 999999, 1000000],
];
