import assert from 'node:assert/strict';
import { pricingConfigSchema } from '../../../shared/config/pricing';
import {
  DEFAULT_PRICING_OPTIONS,
  buildPriceIndex,
  evaluatePrice,
  parseTarget,
  pricingDataFromSage,
} from '../../../shared/price-engine';
import type { Article, ArticlePrice, Customer } from '../../../shared/sage/types';

describe('pricing configuration', () => {
  it('defaults to the engine defaults: highest, 2 decimals, half-up, central only', () => {
    assert.deepEqual(pricingConfigSchema.parse(undefined), DEFAULT_PRICING_OPTIONS);
    assert.deepEqual(pricingConfigSchema.parse({}), DEFAULT_PRICING_OPTIONS);
  });

  it('accepts every strategy and names a bad field', () => {
    for (const strategy of ['highest', 'priority', 'cumulative', 'cascade']) {
      assert.equal(pricingConfigSchema.parse({ strategy }).strategy, strategy);
    }
    const bad = pricingConfigSchema.safeParse({
      strategy: 'best',
      unitPriceDecimals: 8,
      defaultVatRate: '20%',
    });
    assert.equal(bad.success, false);
    const paths = bad.error?.issues.map((issue) => issue.path.join('.')).sort();
    assert.deepEqual(paths, ['defaultVatRate', 'strategy', 'unitPriceDecimals']);
  });
});

describe('pricing data from the Sage domain types', () => {
  const article: Article = {
    rowId: 1,
    modifiedAt: '2025-01-01T00:00:00.000',
    reference: 'CHAISE01',
    designation: 'Chaise',
    familyCode: 'MOBILIER',
    familyKnown: true,
    salePrice: '100',
    salePriceIncludesTax: false,
    purchasePrice: '40',
    coefficient: '2.5',
    barcode: '',
    sleeping: false,
    published: true,
    packagingType: 1,
    packagings: [
      {
        packagingNo: 3,
        label: 'Lot de 4',
        quantity: '4',
        reference: 'CHAISE01-4',
        barcode: '',
        isDefault: true,
      },
    ],
    masterReference: '',
    attributes: [],
  };
  const customerOf = (account: string, type: Customer['type'], centralAccount = ''): Customer => ({
    rowId: 1,
    modifiedAt: '2025-01-01T00:00:00.000',
    account,
    type,
    name: account,
    contactName: '',
    address: { line1: '', line2: '', postalCode: '', city: '', region: '', country: '' },
    phone: '',
    email: '',
    vatNumber: '',
    siret: '',
    sleeping: false,
    priceCategory: 2,
    centralAccount,
    payerAccount: '',
    discountRate: '4',
    cashDiscountRate: '2',
    depotNo: null,
    deliveryAddresses: [],
    contacts: [],
  });
  const categoryPrice: ArticlePrice = {
    rowId: 5,
    modifiedAt: '2025-01-01T00:00:00.000',
    articleReference: 'CHAISE01',
    category: 2,
    customerAccount: '',
    price: '90',
    coefficient: '0',
    priceIncludesTax: false,
    discountRate: '0',
    excludedFromDiscounts: false,
    gridKind: 1,
  };

  it("reads 'aNN' targets as categories and anything else as an account", () => {
    assert.deepEqual(parseTarget('a02'), { category: 2 });
    assert.deepEqual(parseTarget('a32'), { category: 32 });
    assert.deepEqual(parseTarget('CL00012'), { customerAccount: 'CL00012' });
    assert.deepEqual(parseTarget('A02'), { customerAccount: 'A02' });
  });

  it('maps the rows the data layer reads and prices them; suppliers are left out', () => {
    const data = pricingDataFromSage({
      articles: [article],
      customers: [
        customerOf('MAG12', 'customer', 'CENT01'),
        customerOf('CENT01', 'customer'),
        customerOf('F001', 'supplier'),
      ],
      articlePrices: [categoryPrice],
      familyCategoryPrices: [
        {
          familyCode: 'MOBILIER',
          category: 2,
          coefficient: '0',
          discountRate: '3',
          excludedFromDiscounts: false,
        },
      ],
      familyCustomerDiscounts: [
        { familyCode: 'MOBILIER', customerAccount: 'CENT01', discountRate: '8' },
      ],
      quantityRanges: [
        {
          articleReference: 'CHAISE01',
          target: 'a02',
          upperBound: '999999',
          discounts: [{ value: '10', type: 1 }],
          netPrice: '0',
        },
      ],
      packagingPrices: [
        { articleReference: 'CHAISE01', target: 'CENT01', packagingNo: 3, price: '330' },
      ],
    });
    assert.deepEqual(
      data.customers.map((c) => c.account),
      ['MAG12', 'CENT01'],
    );
    assert.deepEqual(data.quantityRanges[0], {
      articleReference: 'CHAISE01',
      category: 2,
      upperBound: '999999',
      discounts: [{ value: '10', type: 1 }],
      netPrice: '0',
    });
    assert.deepEqual(data.articles[0].packagings, [{ packagingNo: 3, quantity: '4' }]);
    const index = buildPriceIndex(data);
    assert.deepEqual(index.issues, []);
    const unit = evaluatePrice(index, {
      customer: 'MAG12',
      article: 'CHAISE01',
      quantity: 2,
      date: '2026-01-10',
    });
    assert.equal(unit.netPrice, '81', 'the grid range (10 %) beats 8 %, 4 % and 3 %');
    assert.equal(unit.effectiveCustomer, 'CENT01');
    const lot = evaluatePrice(index, {
      customer: 'MAG12',
      article: 'CHAISE01',
      quantity: 1,
      date: '2026-01-10',
      packagingNo: 3,
    });
    assert.equal(lot.netPrice, '297');
    assert.equal(lot.rule, 'customer-packaging-price');
  });
});
