// The SDK's own handle on its global hooks (not exported from the package root).
import { globalHandlers } from '@temporalio/worker/lib/workflow/vm-shared';
import assert from 'node:assert/strict';
import { WorkflowNotFoundError } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../../workers/workflow-bundle';
import { readInvoice } from '../../../activities/sage/documents';
import { advanceChain } from '../../../sandbox/sage/simulator';
import { formatEuros, formatFrenchDate } from '../../../shared/orders/invoice';
import { getMeta, getMetaString } from '../../../shared/woo/meta';
import { webhookSignature } from '../../../workers/webhooks/signature';
import { lifecycleInputOf } from '../../../activities/orders/intake';
import { deliverInvoiceToShop } from '../../../activities/orders/shop-updates';
import { TASK_QUEUES } from '../../../shared/task-queues';
import { orderLifecycle } from '../../../workflows/order-lifecycle';
import {
  cancelSignal,
  refreshSignal,
  skipSignal,
  orderStateQuery,
  retrySignal,
  type OrderStatusView,
} from '../../../shared/orders/messages';
import { pdfText } from './pdf-text';
import { eventually, startOrdersHarness, WEBHOOK_SECRET, type OrdersHarness } from './harness';

/**
 * The order flow end to end on real parts: orders placed in the shop sandbox reach the
 * connector by real signed webhook deliveries, become Sage quotes, follow the simulator's
 * transformations on the shop, and end with the invoice PDF attached.
 */
describe('orderLifecycle end to end (webhook → quote → chain → invoice PDF)', function () {
  this.timeout(120_000);
  let h: OrdersHarness;

  before(async () => {
    h = await startOrdersHarness({
      config: {
        orders: {
          chainPolling: { initial: 150, max: 600, factor: 2 },
          activityTimeout: '30s',
          // The demo seller, partly configured: these values must reach the invoice. The
          // payment days differ from the simulator's schedule (30) to tell Sage's due date
          // from the fallback.
          invoicePdf: {
            company: {
              rcsCity: 'Villeurbanne',
              shareCapital: '120000',
              latePenaltyRate: '12 % par an',
              paymentDays: 45,
            },
          },
        },
      },
    });
  });
  after(async () => {
    await h?.stop();
  });

  const stateOf = (orderId: number): Promise<OrderStatusView> =>
    h.temporal.client.workflow.getHandle(h.workflowIdOf(orderId)).query(orderStateQuery);
  const shopOrder = (orderId: number) => h.woo.orders.get(orderId);
  const deliveryOf = (orderId: number) =>
    h.shop.webhookDeliveries().find((d) => d.resourceId === orderId && d.topic === 'order.created');

  it('imports a web order as a quote within 5 s of the webhook, follows the chain and attaches the invoice PDF', async () => {
    const customer = h.customers[0];
    const [sku1, sku2] = h.skus;
    const price1 = await h.expectedPrice(customer.account, sku1, 3);
    const price2 = await h.expectedPrice(customer.account, sku2, 1);
    const order = await h.placeOrder(customer, [
      { sku: sku1, quantity: 3, unitPrice: price1 },
      { sku: sku2, quantity: 1, unitPrice: price2 },
    ]);

    const quote = await eventually(
      async () => (await h.quotesFor(order.number)).find((q) => q.type === 0),
      10_000,
      'the quote',
    );
    const delivered = await eventually(async () => deliveryOf(order.id), 5_000, 'delivery');
    assert.equal(delivered.status, 200, 'the connector accepted the signed delivery');
    const quoteRow = await h.sage
      .selectFrom('F_DOCENTETE')
      .select(['cbModification', 'DO_Tiers', 'DE_No', 'DO_Ref'])
      .where('DO_Piece', '=', quote.piece)
      .where('DO_Type', '=', 0)
      .executeTakeFirstOrThrow();
    const latencyMs = Date.parse(`${String(quoteRow.cbModification)}Z`) - Date.parse(delivered.at);
    assert.ok(latencyMs < 5_000, `quote ${latencyMs} ms after the webhook`);
    assert.equal(quoteRow.DO_Tiers.trim(), customer.account);
    assert.equal(quoteRow.DE_No, customer.homeDepot);
    assert.equal(quoteRow.DO_Ref?.trim(), order.number);
    const lines = await h.sage
      .selectFrom('F_DOCLIGNE')
      .select(['AR_Ref', 'DL_Qte', 'DE_No', 'DL_Design'])
      .where('DO_Piece', '=', quote.piece)
      .where('DO_Type', '=', 0)
      .orderBy('DL_Ligne')
      .execute();
    assert.deepEqual(
      lines.map((l) => [l.AR_Ref?.trim(), Number(l.DL_Qte), l.DE_No]),
      [
        [sku1, 3, customer.homeDepot],
        [sku2, 1, customer.homeDepot],
      ],
    );
    assert.ok(
      lines.every((l) => !l.DL_Design?.startsWith('[PRIX')),
      'prices match: no flag',
    );

    const statuses = h.config.orders.statuses;
    const awaiting = await eventually(async () => {
      const o = await shopOrder(order.id);
      return o.status === statuses.awaitingValidation ? o : undefined;
    });
    assert.equal(getMetaString(awaiting.meta_data, 'sage_quote'), quote.piece);
    const notes = await h.woo.orders.notes.list(order.id);
    assert.ok(
      notes.some((n) => n.note.includes(quote.piece)),
      'a note names the quote',
    );
    const view = await stateOf(order.id);
    assert.equal(view.state, 'awaiting-validation');
    assert.equal(view.quote, quote.piece);

    // The sales rep moves the documents on; the shop status follows each step.
    const expectations: [string, (o: Awaited<ReturnType<typeof shopOrder>>) => void][] = [
      [statuses.validated, (o) => assert.match(String(getMeta(o.meta_data, 'sage_order')), /^BC/)],
      [statuses.inPreparation, () => undefined],
      [
        statuses.beingDelivered,
        (o) => assert.match(String(getMeta(o.meta_data, 'sage_delivery_note')), /^BL/),
      ],
    ];
    for (const [status, check] of expectations) {
      await advanceChain(h.sage, quote.piece);
      const seen = await eventually(
        async () => {
          const o = await shopOrder(order.id);
          return o.status === status ? o : undefined;
        },
        10_000,
        `shop status ${status}`,
      );
      check(seen);
    }
    const deliveryNote = String(
      getMeta((await shopOrder(order.id)).meta_data, 'sage_delivery_note'),
    );
    const customerNotes = await h.woo.orders.notes.list(order.id, { type: 'customer' });
    assert.ok(customerNotes.some((n) => n.note.includes(deliveryNote)));

    const [invoiceStep] = await advanceChain(h.sage, quote.piece);
    const completed = await eventually(
      async () => {
        const o = await shopOrder(order.id);
        return o.status === statuses.completed ? o : undefined;
      },
      15_000,
      'completed order',
    );
    assert.equal(getMetaString(completed.meta_data, 'sage_invoice'), invoiceStep.piece);
    const link = getMeta(completed.meta_data, 'sage_invoice_pdf') as {
      url: string;
      mediaId: number;
    };
    const invoiceNote = (await h.woo.orders.notes.list(order.id, { type: 'customer' })).find((n) =>
      n.note.includes(link.url),
    );
    assert.ok(invoiceNote, 'the customer sees a note with the invoice link');

    // Open the PDF as the customer would and read it.
    const response = await fetch(link.url);
    assert.equal(response.status, 200);
    const pdf = Buffer.from(await response.arrayBuffer());
    const text = await pdfText(pdf);
    const invoice = await readInvoice(h.sage, invoiceStep.piece);
    assert.ok(invoice);
    assert.ok(text.includes(`FACTURE ${invoiceStep.piece}`), 'invoice number in the PDF');
    assert.ok(
      text.includes(formatEuros(invoice.totals.inclTax).replace(/\u00a0/g, ' ')),
      `total ${invoice.totals.inclTax} in the PDF`,
    );
    assert.ok(text.includes(order.number), 'web order number in the PDF');
    assert.ok(text.includes(sku1) && text.includes(sku2));

    // The mandatory mentions of a French invoice, with the values Sage and the settings hold.
    const ofInvoice = { piece: invoiceStep.piece, type: invoiceStep.toType };
    const header = await h.sage
      .selectFrom('F_DOCENTETE')
      .select('LI_No')
      .where('DO_Piece', '=', ofInvoice.piece)
      .where('DO_Type', '=', ofInvoice.type)
      .executeTakeFirstOrThrow();
    const schedule = await h.sage
      .selectFrom('F_DOCREGL')
      .select('DR_Date')
      .where('DO_Piece', '=', ofInvoice.piece)
      .where('DO_Type', '=', ofInvoice.type)
      .executeTakeFirstOrThrow();
    const line = await h.sage
      .selectFrom('F_DOCLIGNE')
      .select('DL_DateBL')
      .where('DO_Piece', '=', ofInvoice.piece)
      .where('DO_Type', '=', ofInvoice.type)
      .executeTakeFirstOrThrow();
    const buyer = await h.sage
      .selectFrom('F_COMPTET')
      .select(['CT_Siret', 'CT_Identifiant', 'CT_Ville'])
      .where('CT_Num', '=', customer.account)
      .executeTakeFirstOrThrow();
    const shipTo = await h.sage
      .selectFrom('F_LIVRAISON')
      .select(['LI_Adresse', 'LI_CodePostal', 'LI_Ville'])
      .where('LI_No', '=', header.LI_No)
      .executeTakeFirstOrThrow();
    assert.notEqual(shipTo.LI_Ville, buyer.CT_Ville, 'delivered away from the billing address');
    const day = (value: unknown) => formatFrenchDate(String(value).slice(0, 10));
    const siret = String(buyer.CT_Siret);
    for (const expected of [
      `Échéance : ${day(schedule.DR_Date)}`,
      `Date de livraison : ${day(line.DL_DateBL)}`,
      `Bon de livraison : ${deliveryNote}`,
      'ADRESSE DE LIVRAISON',
      String(shipTo.LI_Adresse),
      `${shipTo.LI_CodePostal} ${shipTo.LI_Ville}`,
      `SIREN ${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)}`,
      `TVA intracommunautaire ${buyer.CT_Identifiant}`,
      'SAS au capital de 120 000,00 €',
      'RCS Villeurbanne 123 456 789',
      'Pénalités de retard : 12 % par an',
      'Indemnité forfaitaire pour frais de recouvrement : 40 €',
      'Escompte : Pas d’escompte pour paiement anticipé',
    ]) {
      assert.ok(text.includes(expected), `"${expected}" in the invoice PDF:\n${text}`);
    }

    const handle = h.temporal.client.workflow.getHandle(h.workflowIdOf(order.id));
    assert.match(String(await handle.result()), /delivered/);
    // The whole life replays with the current code (determinism).
    try {
      await Worker.runReplayHistory(
        { workflowBundle: await workflowBundle() },
        await handle.fetchHistory(),
        handle.workflowId,
      );
    } finally {
      // The replay runs the workflow in this thread and leaves the SDK's global promise hook
      // installed: from then on every promise of the process (each Kysely query of the later
      // suites) evaluates code in the hook, and a query-heavy suite slows to a crawl.
      globalHandlers.uninstall();
    }
  });

  it('keeps following a long wait across continue-as-new (small history per run)', async () => {
    const customer = h.customers[2];
    const sku = h.skus[h.skus.length - 1];
    // 'failed' is not an import status: the webhook starts nothing, the test starts the
    // workflow itself with a very short poll so that its history grows fast.
    const order = await h.placeOrder(
      customer,
      [{ sku, quantity: 1, unitPrice: await h.expectedPrice(customer.account, sku, 1) }],
      'failed',
    );
    const input = lifecycleInputOf(h.config, {
      id: order.id,
      number: order.number,
      status: 'processing',
    });
    const handle = await h.temporal.client.workflow.start(orderLifecycle, {
      workflowId: h.workflowIdOf(order.id),
      taskQueue: TASK_QUEUES.workflows,
      args: [{ ...input, settings: { ...input.settings, pollInitialMs: 20, pollMaxMs: 20 } }],
    });
    const quote = await eventually(async () => (await handle.query(orderStateQuery)).quote);
    // The test server suggests continue-as-new at 200 events; `refresh` makes the workflow look
    // at Sage at once (the dev server's timers tick about once a second).
    let refreshing = true;
    const refresher = (async () => {
      while (refreshing) {
        await handle.signal(refreshSignal);
        await new Promise((r) => setTimeout(r, 30));
      }
    })();
    await eventually(
      async () => {
        const runs = [];
        for await (const run of h.temporal.client.workflow.list({
          query: `WorkflowId = '${handle.workflowId}'`,
        }))
          runs.push(run);
        return runs.length >= 3;
      },
      30_000,
      'continued runs',
    );
    refreshing = false;
    await refresher;
    await advanceChain(h.sage, quote);
    const view = await eventually(async () => {
      const v = await handle.query(orderStateQuery);
      return v.state === 'validated' ? v : undefined;
    });
    assert.equal(view.quote, quote, 'the quote is remembered across runs');
    assert.equal((await h.quotesFor(order.number)).length, 2, 'one quote (+ the order it became)');
    await handle.signal(skipSignal, 'test over');
    // The last run answers; its history stays small.
    assert.ok((await handle.describe()).historyLength < 400);
    assert.equal(await handle.result(), 'test over');
  });

  it('uploads the invoice PDF once when its delivery is retried', async () => {
    const customer = h.customers[1];
    const sku = h.skus[0];
    // Not an import status: no workflow touches this order, the test drives the activity.
    const order = await h.placeOrder(customer, [{ sku, quantity: 1, unitPrice: '2.00' }], 'failed');
    let renders = 0;
    const pdf = {
      filename: 'facture-FA09999-test.pdf',
      render: async () => {
        renders += 1;
        return Buffer.from('%PDF-1.4 test invoice');
      },
    };
    const first = await deliverInvoiceToShop(h.woo, h.config, order.id, 'FA09999', pdf);
    const again = await deliverInvoiceToShop(h.woo, h.config, order.id, 'FA09999', pdf);
    assert.equal(first.uploaded, true);
    assert.equal(again.uploaded, false);
    assert.equal(again.mediaId, first.mediaId);
    assert.equal(renders, 1);
    const notes = await h.woo.orders.notes.list(order.id, { type: 'customer' });
    assert.equal(notes.filter((n) => n.note.includes(first.url)).length, 1);
    assert.equal((await shopOrder(order.id)).status, h.config.orders.statuses.completed);
  });

  it('refuses an unsigned or wrongly signed webhook with 401 and starts nothing', async () => {
    const body = JSON.stringify({ id: 999_001, number: '999001', status: 'processing' });
    const post = (headers: Record<string, string>) =>
      fetch(h.webhooks.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-WC-Webhook-Topic': 'order.created',
          ...headers,
        },
        body,
      }).then((r) => r.status);
    assert.equal(await post({}), 401);
    assert.equal(
      await post({
        'X-WC-Webhook-Signature': webhookSignature(Buffer.from(body), 'not the secret'),
      }),
      401,
    );
    await assert.rejects(
      h.temporal.client.workflow.getHandle(h.workflowIdOf(999_001)).describe(),
      WorkflowNotFoundError,
    );
  });

  it('treats the same webhook delivered 10 times as one order: one workflow, one quote', async () => {
    const customer = h.customers[1];
    const sku = h.skus[2];
    const order = await h.placeOrder(customer, [
      { sku, quantity: 2, unitPrice: await h.expectedPrice(customer.account, sku, 2) },
    ]);
    const body = Buffer.from(JSON.stringify(order));
    const statuses = await Promise.all(
      Array.from({ length: 10 }, () =>
        fetch(h.webhooks.url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'X-WC-Webhook-Topic': 'order.created',
            'X-WC-Webhook-Signature': webhookSignature(body, WEBHOOK_SECRET),
          },
          body,
        }).then((r) => r.status),
      ),
    );
    assert.deepEqual(statuses, Array(10).fill(200));
    await eventually(async () => (await stateOf(order.id)).quote, 10_000, 'quote');
    await h.shop.flushWebhooks();
    const runs = [];
    for await (const run of h.temporal.client.workflow.list({
      query: `WorkflowId = '${h.workflowIdOf(order.id)}'`,
    }))
      runs.push(run);
    assert.equal(runs.length, 1);
    assert.equal((await h.quotesFor(order.number)).length, 1);
  });

  it('waits in a named state for an unmapped customer, visible by search attribute, and resumes on retry once fixed', async () => {
    const stranger = await h.woo.customers.create({ email: 'nobody@unmapped.example' });
    const sku = h.skus[3];
    const order = await h.placeOrder({ shopId: stranger.id }, [
      { sku, quantity: 1, unitPrice: '10.00' },
    ]);
    const view = await eventually(async () => {
      const v = await stateOf(order.id).catch(() => undefined);
      return v?.state === 'waiting-operator' ? v : undefined;
    });
    assert.equal(view.problem?.type, 'UnmappedCustomer');
    assert.equal(view.problem?.step, 'import');
    const listed = await eventually(async () => {
      const found = [];
      for await (const run of h.temporal.client.workflow.list({
        // Running only: a terminated order of another suite keeps its last State.
        query: `State = 'waiting-operator' AND ExecutionStatus = 'Running' AND WooOrderNumber = '${order.number}'`,
      }))
        found.push(run.workflowId);
      return found.length > 0 ? found : undefined;
    });
    assert.deepEqual(listed, [h.workflowIdOf(order.id)]);
    assert.equal((await h.quotesFor(order.number)).length, 0);

    // The operator maps the customer, then retries: the quote comes, with the price flagged.
    await h.woo.customers.update(stranger.id, {
      meta_data: [{ key: 'sage_account', value: h.customers[2].account }],
    });
    await h.temporal.client.workflow.getHandle(h.workflowIdOf(order.id)).signal(retrySignal);
    const after = await eventually(async () => {
      const v = await stateOf(order.id);
      return v.state === 'awaiting-validation' ? v : undefined;
    });
    assert.equal(after.priceDifferences.length, 1, 'the 10.00 web price differs from Sage');
    const [line] = await h.sage
      .selectFrom('F_DOCLIGNE')
      .select(['DL_Design', 'DL_PrixUnitaire'])
      .where('DO_Piece', '=', after.quote as string)
      .execute();
    // The flag is internal (header free field), the line keeps the article's designation.
    assert.doesNotMatch(String(line.DL_Design), /PRIX WEB/);
    const header = await h.sage
      .selectFrom('F_DOCENTETE')
      .select('WEB_ECART_PRIX')
      .where('DO_Piece', '=', after.quote as string)
      .executeTakeFirstOrThrow();
    assert.match(String(header.WEB_ECART_PRIX), new RegExp(`^${sku}: PRIX WEB 10\\.00 <> SAGE `));
    assert.equal(Number(line.DL_PrixUnitaire), 10, 'the quote keeps the price the customer saw');
  });

  it('marks the quote lost when the shop cancels the order before validation', async () => {
    const customer = h.customers[0];
    const sku = h.skus[4];
    const order = await h.placeOrder(customer, [
      { sku, quantity: 1, unitPrice: await h.expectedPrice(customer.account, sku, 1) },
    ]);
    const quote = await eventually(
      async () => (await stateOf(order.id).catch(() => undefined))?.quote,
    );
    await eventually(async () => (await stateOf(order.id)).state === 'awaiting-validation');
    await h.woo.orders.update(order.id, { status: 'cancelled' });
    const outcome = await h.temporal.client.workflow.getHandle(h.workflowIdOf(order.id)).result();
    assert.match(String(outcome), /marked/);
    const [doc] = await h.quotesFor(order.number);
    assert.deepEqual(doc, { piece: quote, type: 0, status: 3 });
  });

  it('cancels on the operator signal: quote marked, shop order cancelled', async () => {
    const customer = h.customers[1];
    const order = await h.placeOrder(customer, [
      { sku: h.skus[5], quantity: 1, unitPrice: '1.00' },
    ]);
    await eventually(
      async () => (await stateOf(order.id).catch(() => undefined))?.state === 'awaiting-validation',
    );
    await h.temporal.client.workflow
      .getHandle(h.workflowIdOf(order.id))
      .signal(cancelSignal, 'test');
    await h.temporal.client.workflow.getHandle(h.workflowIdOf(order.id)).result();
    assert.equal((await shopOrder(order.id)).status, 'cancelled');
    assert.equal((await h.quotesFor(order.number))[0].status, 3);
  });
});
