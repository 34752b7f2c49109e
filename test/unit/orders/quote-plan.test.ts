import assert from 'node:assert/strict';
import { ordersConfigSchema } from '../../../shared/config/orders';
import {
  customerCheck,
  planQuote,
  priceFlagText,
  referencesToRead,
  resolveSku,
  type ExpectedPrice,
  type PlanArticle,
  type PlanCustomer,
} from '../../../shared/orders/quote-plan';
import { sageReferenceOf } from '../../../shared/orders/sage-reference';
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
  total: '100.00',
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
  total: (Number(quantity) * Number(unitPrice)).toFixed(2),
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
    // The line keeps the article's designation (the writer's default): the flag is internal.
    assert.equal('designation' in plan.lines[0], false);
    assert.equal(priceFlagText(plan.priceDifferences), 'RAC-12: PRIX WEB 11.90 <> SAGE 12.50');
  });

  it('writes the price flag in plain ASCII within 69 characters, counting what does not fit', () => {
    const d = (sku: string) => ({ sku, quantity: '1', webPrice: '38.81', sagePrice: '34.15' });
    assert.equal(priceFlagText([d('RAC-12')]), 'RAC-12: PRIX WEB 38.81 <> SAGE 34.15');
    const three = priceFlagText([d('RAC-12'), d('RAC-14'), d('JOINT-8')]);
    assert.equal(three, 'RAC-12: PRIX WEB 38.81 <> SAGE 34.15 +2');
    assert.ok(three.length <= 69);
    const accented = priceFlagText([d('RACCÔRD')]);
    assert.match(accented, /^[\x20-\x7e]+$/);
    assert.equal(accented, 'RACCORD: PRIX WEB 38.81 <> SAGE 34.15');
  });

  it('names a malformed total, an out-of-range quantity and a zero total by SKU and product name', () => {
    const named = (l: WebOrder['lines'][number], over: Partial<WebOrder> = {}) =>
      planQuote(order([l], over), 1, catalog, expected, '0.01');
    const malformed = named({ ...line('RAC-12', '1', ''), name: 'Raccord 12 mm', total: '12,50' });
    assert.deepEqual(malformed.lines, []);
    assert.deepEqual(
      malformed.problems.map((p) => p.type),
      ['InvalidOrder'],
    );
    assert.match(malformed.problems[0].message, /SKU RAC-12 "Raccord 12 mm".*"12,50"/);

    const huge = named({ ...line('RAC-12', '1000000000', '12.5'), name: 'Raccord 12 mm' });
    assert.deepEqual(huge.lines, []);
    assert.match(huge.problems[0].message, /SKU RAC-12 "Raccord 12 mm": quantity 1000000000/);
    const bounded = planQuote(order([line('RAC-12', '60', '12.5')]), 1, catalog, expected, '0.01', {
      min: '0',
      max: '50',
    });
    assert.equal(bounded.problems[0].type, 'InvalidOrder');
    assert.equal(named(line('RAC-12', '1e3', '12.5')).problems[0].type, 'InvalidOrder');

    const free = named({ ...line('RAC-12', '2', '0'), name: 'Raccord 12 mm' }, { total: '0.00' });
    assert.deepEqual(free.lines, []);
    assert.deepEqual(
      free.problems.map((p) => p.message),
      [
        'order total 0.00 is not above 0',
        'SKU RAC-12 "Raccord 12 mm": line total 0.00 is not above 0',
      ],
    );
    assert.equal(named(line('RAC-12', '2', '12.5'), { total: '-3' }).problems.length, 1);
    assert.equal(named(line('RAC-12', '2', '12.5'), { total: 'abc' }).problems.length, 1);
  });

  it('maps a long or prefixed shop order number into the 17 characters of DO_Ref, never cuts it', () => {
    const mapping = (over: object = {}) =>
      ordersConfigSchema.parse({ sageReference: over }).sageReference;
    assert.deepEqual(sageReferenceOf(' 1234 ', mapping()), { reference: '1234' });
    assert.deepEqual(
      sageReferenceOf('WEB-2026-000012345', mapping({ strip: '^WEB-', prefix: 'B2-' })),
      { reference: 'B2-2026-000012345' },
    );
    const tooLong = sageReferenceOf('WEB-2026-0000123456', mapping({ prefix: 'B2-' }));
    assert.equal('problem' in tooLong && tooLong.problem.type, 'WebOrderNumberTooLong');
    assert.match('problem' in tooLong ? tooLong.problem.message : '', /B2-WEB-2026-0000123456/);
    const weird = sageReferenceOf('Commande n°12', mapping());
    assert.equal('problem' in weird && weird.problem.type, 'InvalidOrder');
    assert.throws(() => mapping({ strip: '(' }), /regular expression/);
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

  it('reads a malformed amount without failing (the plan names the line)', () => {
    const broken = {
      ...shopOrder,
      total: 'n/a',
      line_items: [{ ...shopOrder.line_items[0], total: '12,50' }],
    } as Order;
    const web = webOrderOf(broken, [], keys);
    assert.equal(web.total, 'n/a');
    assert.deepEqual(
      web.lines.map((l) => [l.total, l.unitPrice]),
      [['12,50', '']],
    );
  });

  it('computes unit prices exactly', () => {
    assert.equal(unitPriceOf('10.00', 3), '3.333333');
    assert.equal(unitPriceOf('0.30', 3), '0.1');
    assert.equal(unitPriceOf('5', 0), '0');
  });
});
