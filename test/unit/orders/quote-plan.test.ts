import assert from 'node:assert/strict';
import { ordersConfigSchema } from '../../../shared/config/orders';
import {
  customerCheck,
  planQuote,
  referencesToRead,
  resolveSku,
  type ExpectedPrice,
  type PlanArticle,
  type PlanCustomer,
} from '../../../shared/orders/quote-plan';
import type { WebOrder } from '../../../shared/orders/types';
import { unitPriceOf, webOrderOf } from '../../../shared/orders/web-order';
import type { Order } from '../../../shared/woo/order';

const article = (reference: string, over: Partial<PlanArticle> = {}): PlanArticle => ({
  reference,
  designation: `Raccord ${reference}`,
  sleeping: false,
  packagings: [],
  ...over,
});

const catalog = new Map(
  [
    article('RAC-12'),
    article('RAC-SLEEP', { sleeping: true }),
    article('JOINT-8', {
      packagings: [
        { packagingNo: 3, label: 'Sachet de 10', quantity: '10', reference: 'JOINT-8-10' },
        { packagingNo: 4, label: 'Boîte de 100', quantity: '100', reference: '' },
      ],
    }),
  ].map((a) => [a.reference.toUpperCase(), a]),
);

const order = (lines: WebOrder['lines'], over: Partial<WebOrder> = {}): WebOrder => ({
  orderId: 77,
  number: '77',
  status: 'processing',
  date: '2026-03-02',
  customerId: 5,
  sageAccount: 'CL00001',
  homeDepot: 3,
  lines,
  recorded: {},
  ...over,
});
const line = (sku: string, quantity: string, unitPrice: string, lineId = 1) => ({
  lineId,
  sku,
  name: sku,
  quantity,
  unitPrice,
});

const sagePrices: Record<string, string> = { 'RAC-12': '12.50', 'JOINT-8/3': '9.00' };
const expected: ExpectedPrice = ({ article: ref, packagingNo }) =>
  sagePrices[packagingNo ? `${ref}/${packagingNo}` : ref];

describe('web order → quote plan', () => {
  it('resolves article SKUs and packaging variation SKUs (own reference or <ref>-<no>)', () => {
    assert.equal(resolveSku('rac-12', catalog)?.article.reference, 'RAC-12');
    assert.equal(resolveSku('JOINT-8-10', catalog)?.packaging?.packagingNo, 3);
    assert.equal(resolveSku('JOINT-8-4', catalog)?.packaging?.label, 'Boîte de 100');
    assert.equal(resolveSku('JOINT-8-99', catalog), undefined);
    assert.equal(resolveSku('NOPE', catalog), undefined);
    assert.deepEqual(referencesToRead(order([line('JOINT-8-10', '1', '9')])), [
      'JOINT-8-10',
      'JOINT-8',
    ]);
  });

  it('puts every line on the home depot at the Sage price when the web price matches', () => {
    const plan = planQuote(
      order([line('RAC-12', '3', '12.5'), line('JOINT-8-10', '2', '9.004', 2)]),
      3,
      catalog,
      expected,
      '0.01',
    );
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.priceDifferences, []);
    assert.deepEqual(plan.lines, [
      { articleReference: 'RAC-12', quantity: '3', unitPrice: '12.50', depotNo: 3 },
      // 2 bags of 10 = 20 units at 9.00 / 10.
      {
        articleReference: 'JOINT-8',
        quantity: '20',
        unitPrice: '0.9',
        depotNo: 3,
        unitLabel: 'Sachet de 10',
      },
    ]);
  });

  it('keeps the web price and flags the line when prices differ beyond the tolerance', () => {
    const plan = planQuote(order([line('RAC-12', '1', '11.90')]), 1, catalog, expected, '0.01');
    assert.deepEqual(plan.priceDifferences, [
      { sku: 'RAC-12', quantity: '1', webPrice: '11.90', sagePrice: '12.50' },
    ]);
    assert.equal(plan.lines[0].unitPrice, '11.90');
    assert.equal(plan.lines[0].designation, '[PRIX WEB 11.90 ≠ SAGE 12.50] Raccord RAC-12');
  });

  it('reports unknown SKUs, lines without SKU, sleeping articles and bad quantities', () => {
    const plan = planQuote(
      order([
        line('NOPE', '1', '1', 1),
        line('', '1', '1', 2),
        line('RAC-SLEEP', '1', '1', 3),
        line('RAC-12', '0', '1', 4),
      ]),
      1,
      catalog,
      expected,
      '0.01',
    );
    assert.deepEqual(
      plan.problems.map((p) => p.type),
      ['UnknownSku', 'UnknownSku', 'SleepingArticle', 'InvalidOrder'],
    );
    assert.match(plan.problems[0].message, /NOPE/);
    assert.deepEqual(plan.lines, []);
    assert.deepEqual(
      planQuote(order([]), 1, catalog, expected, '0').problems.map((p) => p.type),
      ['InvalidOrder'],
    );
  });

  it('does not invent a price difference when Sage has no price', () => {
    const plan = planQuote(order([line('RAC-12', '1', '3')]), 1, catalog, () => undefined, '0');
    assert.deepEqual(plan.priceDifferences, []);
    assert.equal(plan.lines[0].unitPrice, '3');
  });

  it('checks the customer: mapped, existing, open, with a depot', () => {
    const open: PlanCustomer = { account: 'CL00001', sleeping: false, depotNo: 2 };
    assert.deepEqual(customerCheck(order([]), open), { depotNo: 3 });
    assert.deepEqual(customerCheck(order([], { homeDepot: null }), open), { depotNo: 2 });
    const problem = (o: WebOrder, c: PlanCustomer | undefined) => {
      const r = customerCheck(o, c);
      return 'problem' in r ? r.problem.type : undefined;
    };
    assert.equal(problem(order([], { sageAccount: '' }), open), 'UnmappedCustomer');
    assert.equal(problem(order([]), undefined), 'UnknownCustomer');
    assert.equal(problem(order([]), { ...open, sleeping: true }), 'ClosedAccount');
    assert.equal(
      problem(order([], { homeDepot: null }), { ...open, depotNo: null }),
      'NoHomeDepot',
    );
  });
});

describe('shop order → web order', () => {
  const keys = {
    customer: { account: 'sage_account', homeDepot: 'sage_home_depot' },
    order: ordersConfigSchema.parse({}).meta,
  };
  const shopOrder = {
    id: 91,
    number: 'W-91',
    status: 'processing',
    date_created: '2026-03-02T10:11:12',
    customer_id: 4,
    line_items: [
      { id: 1, name: 'Raccord', sku: 'RAC-12 ', quantity: 3, total: '37.50', price: 12.5 },
      { id: 2, name: 'Deleted product', sku: null, quantity: 1, total: '0.00', price: 0 },
    ],
    shipping_lines: [{ id: 9, method_id: 'flat_rate', total: '10.00' }],
    meta_data: [
      { id: 1, key: 'sage_quote', value: 'DE00012' },
      { id: 2, key: 'sage_invoice_pdf', value: { mediaId: 55, url: 'https://x/f.pdf' } },
    ],
  } as unknown as Order;

  it('keeps product lines only, prices from line totals, account and depot from customer meta', () => {
    const web = webOrderOf(
      shopOrder,
      [
        { key: 'sage_account', value: ' CL00004 ' },
        { key: 'sage_home_depot', value: '5' },
      ],
      keys,
    );
    assert.equal(web.sageAccount, 'CL00004');
    assert.equal(web.homeDepot, 5);
    assert.equal(web.date, '2026-03-02');
    assert.deepEqual(
      web.lines.map((l) => [l.sku, l.quantity, l.unitPrice]),
      [
        ['RAC-12', '3', '12.5'],
        ['', '1', '0'],
      ],
    );
    assert.deepEqual(web.recorded, { quote: 'DE00012', invoicePdfMediaId: 55 });
  });

  it('leaves the account empty and the depot unknown when the customer has no meta', () => {
    const web = webOrderOf(shopOrder, [{ key: 'sage_home_depot', value: 'Lyon' }], keys);
    assert.equal(web.sageAccount, '');
    assert.equal(web.homeDepot, null);
  });

  it('computes unit prices exactly', () => {
    assert.equal(unitPriceOf('10.00', 3), '3.333333');
    assert.equal(unitPriceOf('0.30', 3), '0.1');
    assert.equal(unitPriceOf('5', 0), '0');
  });
});
