import assert from 'node:assert/strict';
import pino from 'pino';
import type { SageDb } from '../../../activities/sage/db';
import type { WooClient } from '../../../activities/woo';
import {
  CUSTOMER_EDITS_WORKFLOW_ID,
  customerEditsProgress,
  pollCustomersNow,
} from '../../../workflows/customer-edits';
import { webhookSignature } from '../../../workers/webhooks/signature';
import {
  customerUpdatedHandler,
  CUSTOMER_UPDATED_TOPIC,
} from '../../../workers/webhooks/customer-updated';
import { ensureShopWebhook } from '../../../workers/webhooks/register';
import { startConnectorWebhooks } from '../../../workers/webhooks/start';
import { collectItems } from '../../../activities/woo';
import { startWebhookServer, type RunningWebhookServer } from '../../../workers/webhooks/server';
import { startConnectorUnderTest, type ConnectorUnderTest } from '../../helpers/connector';
import {
  eventually,
  reportsOf,
  runCustomerSync,
  sageOf,
  setNewAccountEmail,
  shopClient,
  shopCustomersByAccount,
} from './helpers';

const SECRET = 'test-webhook-secret-0123456789';
const HOUR = 3_600_000;

/**
 * Shop → Sage customer edits on real parts: the sandbox delivers signed `customer.updated`
 * webhooks over HTTP to the connector's webhook server, which signals the edits workflow.
 */
describe('customerEdits (shop → Sage) end to end', function () {
  this.timeout(120_000);
  let connector: ConnectorUnderTest;
  let woo: WooClient;
  let sage: SageDb;
  let server: RunningWebhookServer;
  let webhookId: number;
  let shopIds: Map<string, number>;

  const account = (num: string) =>
    sage.selectFrom('F_COMPTET').selectAll().where('CT_Num', '=', num).executeTakeFirstOrThrow();

  before(async () => {
    connector = await startConnectorUnderTest({
      size: 'tiny',
      config: { woo: { webhookSecret: SECRET } },
    });
    woo = shopClient(connector);
    sage = sageOf(connector);
    // A worker process of another suite may have started the edits workflow (same id): this
    // suite counts from a fresh one.
    await connector.temporal.client.workflow
      .getHandle(CUSTOMER_EDITS_WORKFLOW_ID)
      .terminate('fresh edits workflow for this suite')
      .catch(() => undefined);
    await setNewAccountEmail(woo, false);
    await runCustomerSync(connector, { mode: 'full' });
    shopIds = new Map([...(await shopCustomersByAccount(woo))].map(([a, c]) => [a, c.id]));
    server = await startWebhookServer({
      secret: SECRET,
      logger: pino({ level: 'silent' }),
      handlers: {
        [CUSTOMER_UPDATED_TOPIC]: customerUpdatedHandler(connector.temporal.client, HOUR),
      },
    });
    ({ id: webhookId } = await ensureShopWebhook(woo, {
      topic: CUSTOMER_UPDATED_TOPIC,
      deliveryUrl: server.url,
      secret: SECRET,
    }));
  });
  after(async () => {
    // The edits workflow runs until stopped: no later suite must see it.
    await connector?.temporal.client.workflow
      .getHandle(CUSTOMER_EDITS_WORKFLOW_ID)
      .terminate('test over')
      .catch(() => undefined);
    await server?.close();
    woo?.close();
    await sage?.destroy();
    await connector?.stop();
  });

  it('registers its webhook once (idempotent)', async () => {
    const again = await ensureShopWebhook(woo, {
      topic: CUSTOMER_UPDATED_TOPIC,
      deliveryUrl: server.url,
      secret: SECRET,
    });
    assert.deepEqual(again, { id: webhookId, created: false });
  });

  it('refuses deliveries without a valid signature and answers the ping', async () => {
    const body = JSON.stringify({ id: shopIds.get('CL00001') });
    const post = (headers: Record<string, string>, payload = body) =>
      fetch(server.url, { method: 'POST', headers, body: payload }).then((r) => r.status);
    const topic = {
      'Content-Type': 'application/json',
      'X-WC-Webhook-Topic': CUSTOMER_UPDATED_TOPIC,
    };
    assert.equal(await post(topic), 401);
    assert.equal(
      await post({
        ...topic,
        'X-WC-Webhook-Signature': webhookSignature(Buffer.from(body), 'wrong'),
      }),
      401,
    );
    assert.equal(
      await post({
        ...topic,
        'X-WC-Webhook-Signature': webhookSignature(Buffer.from(`${body} `), SECRET),
      }),
      401,
    );
    assert.equal(
      await post({ 'Content-Type': 'application/x-www-form-urlencoded' }, 'webhook_id=3'),
      200,
    );
  });

  it('brings a new shipping address, a billing edit and a name edit into Sage', async () => {
    const id = shopIds.get('CL00001') as number;
    await woo.customers.update(id, {
      first_name: 'Paulette',
      billing: { address_1: '8 place Bellecour' },
      shipping: {
        company: 'Dépôt Perrache',
        address_1: '5 quai Perrache',
        postcode: '69002',
        city: 'Lyon',
        country: 'FR',
      },
    });
    await connector.shop.flushWebhooks();
    const delivery = await eventually(async () =>
      sage
        .selectFrom('F_LIVRAISON')
        .selectAll()
        .where('CT_Num', '=', 'CL00001')
        .where('LI_Adresse', '=', '5 quai Perrache')
        .executeTakeFirst(),
    );
    assert.equal(delivery.LI_Intitule, 'Dépôt Perrache');
    assert.equal(delivery.LI_CodePostal, '69002');
    assert.equal(delivery.LI_Pays, 'France');
    assert.equal(delivery.LI_Principal, 1);
    const row = await account('CL00001');
    assert.equal(row.CT_Adresse, '8 place Bellecour');
    assert.match(row.CT_Contact ?? '', /^Paulette /);
    const deliveries = connector.shop.webhookDeliveries().filter((d) => !d.ping);
    assert.ok(
      deliveries.length > 0 && deliveries.every((d) => d.status === 200),
      JSON.stringify(deliveries),
    );

    // The next Sage → shop run only brings what Sage derives from the edit (the billing name
    // follows the contact); the run after it has nothing left to write.
    const sync = await runCustomerSync(connector, { mode: 'incremental' });
    assert.equal(sync.counts.conflicts, 0);
    assert.equal(sync.counts.created, 0);
    const shop = await woo.customers.get(id);
    assert.equal(shop.billing.first_name, 'Paulette');
    assert.equal(shop.shipping.address_1, '5 quai Perrache');
    const again = await runCustomerSync(connector, { mode: 'incremental' });
    assert.equal(again.counts.updated + again.counts.created, 0);
  });

  it('makes a place Sage already has the main delivery address again, without a duplicate', async () => {
    const id = shopIds.get('CL00001') as number;
    const mainAddress = async () =>
      sage
        .selectFrom('F_LIVRAISON')
        .select(['LI_No', 'LI_Adresse'])
        .where('CT_Num', '=', 'CL00001')
        .where('LI_Principal', '=', 1)
        .execute();
    const moveTo = async (address_1: string, postcode: string, company: string) => {
      await woo.customers.update(id, { shipping: { company, address_1, postcode, city: 'Lyon' } });
      await connector.shop.flushWebhooks();
      await eventually(async () => {
        const main = await mainAddress();
        return main.length === 1 && main[0].LI_Adresse === address_1 ? true : undefined;
      });
    };
    await moveTo('9 rue Garibaldi', '69003', 'Dépôt Garibaldi');
    const rows = await sage
      .selectFrom('F_LIVRAISON')
      .select('LI_No')
      .where('CT_Num', '=', 'CL00001')
      .execute();
    await moveTo('5 quai Perrache', '69002', 'Dépôt Perrache');
    const after = await sage
      .selectFrom('F_LIVRAISON')
      .select('LI_No')
      .where('CT_Num', '=', 'CL00001')
      .execute();
    assert.equal(after.length, rows.length);
  });

  it('lets Sage win a field both sides changed, and records the conflict', async () => {
    const id = shopIds.get('CL00002') as number;
    await sage
      .updateTable('F_COMPTET')
      .set({ CT_Ville: 'Aubagne' })
      .where('CT_Num', '=', 'CL00002')
      .execute();
    await woo.customers.update(id, { billing: { city: 'Cassis' } });
    await connector.shop.flushWebhooks();
    const conflict = await eventually(async () =>
      (await reportsOf(connector)).find((r) => r.key === 'CL00002' && r.problem === 'conflict'),
    );
    assert.match(conflict.detail, /billing\.city: Sage "Aubagne", shop "Cassis".*sage kept/);
    assert.equal((await account('CL00002')).CT_Ville, 'Aubagne');
    await eventually(async () =>
      (await woo.customers.get(id)).billing.city === 'Aubagne' ? true : undefined,
    );
    // The correction fires one more webhook, which finds both sides agreeing: no loop.
    const handle = connector.temporal.client.workflow.getHandle(CUSTOMER_EDITS_WORKFLOW_ID);
    for (let i = 0; i < 3; i += 1) {
      await connector.shop.flushWebhooks();
      await eventually(async () =>
        (await handle.query(customerEditsProgress)).pending === 0 ? true : undefined,
      );
      await new Promise((r) => setTimeout(r, 200));
    }
    const forThisCustomer = connector.shop
      .webhookDeliveries()
      .filter((d) => !d.ping && d.resourceId === id);
    assert.equal(forThisCustomer.length, 2, JSON.stringify(forThisCustomer));
  });

  it('reports a shop customer without a Sage account and creates nothing in Sage', async () => {
    const before = await sage
      .selectFrom('F_COMPTET')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const stranger = await woo.customers.create({
      email: 'inconnu@example.fr',
      first_name: 'Nobody',
    });
    await woo.customers.update(stranger.id, { last_name: 'Known' });
    await connector.shop.flushWebhooks();
    const report = await eventually(async () =>
      (await reportsOf(connector)).find((r) => r.key === `woo:${stranger.id}`),
    );
    assert.equal(report.problem, 'no-sage-account');
    assert.equal(report.detail, 'inconnu@example.fr');
    const after = await sage
      .selectFrom('F_COMPTET')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
  });

  it('trusts neither of two shop customers claiming the same account', async () => {
    const linked = shopIds.get('CL00004') as number;
    const impostor = await woo.customers.create({
      email: 'copie@example.fr',
      meta_data: [{ key: 'sage_account', value: 'CL00004' }],
    });
    await woo.customers.update(impostor.id, { first_name: 'Copie' });
    await connector.shop.flushWebhooks();
    const report = await eventually(async () =>
      (await reportsOf(connector)).find(
        (r) => r.key === 'CL00004' && r.problem === 'account-claimed-twice',
      ),
    );
    assert.equal(report.detail, `shop customers ${linked} and ${impostor.id}`);
    const row = await account('CL00004');
    assert.doesNotMatch(row.CT_Contact ?? '', /Copie/);
    assert.notEqual(row.CT_EMail, 'copie@example.fr');
  });

  it('catches edits by polling when no webhook arrives', async () => {
    const handle = connector.temporal.client.workflow.getHandle(CUSTOMER_EDITS_WORKFLOW_ID);
    const pollsDone = async (n: number) =>
      eventually(async () =>
        (await handle.query(customerEditsProgress)).polls >= n ? true : undefined,
      );
    // The first poll only sets the watermark.
    await handle.signal(pollCustomersNow);
    await pollsDone(1);
    await woo.webhooks.update(webhookId, { status: 'paused' });
    const delivered = connector.shop.webhookDeliveries().length;
    const id = shopIds.get('CL00003') as number;
    await woo.customers.update(id, { billing: { phone: '04 99 99 99 99' } });
    await connector.shop.flushWebhooks();
    assert.equal(connector.shop.webhookDeliveries().length, delivered);
    await handle.signal(pollCustomersNow);
    await pollsDone(2);
    assert.equal((await account('CL00003')).CT_Telephone, '04 99 99 99 99');
    const progress = await handle.query(customerEditsProgress);
    // CL00001 three times (webhooks) and CL00003 (poll); CL00002's conflict was won by Sage.
    assert.equal(progress.counts.sageUpdated, 4, JSON.stringify(progress.counts));
    // Perrache and Garibaldi; going back to Perrache added nothing.
    assert.equal(progress.counts.deliveryAddressesAdded, 2);
    assert.ok(progress.polls >= 2 && progress.signals > 0);
  });
  it('refuses an e-mail too long and a Cyrillic name, writes the rest and reports each field', async () => {
    // After the polling test: the webhook is paused, the edit is caught by the next poll.
    const handle = connector.temporal.client.workflow.getHandle(CUSTOMER_EDITS_WORKFLOW_ID);
    const polls = (await handle.query(customerEditsProgress)).polls;
    const before = await account('CL00003');
    const id = shopIds.get('CL00003') as number;
    const longEmail = `${'x'.repeat(64)}@${'y'.repeat(16)}.fr`;
    assert.equal(longEmail.length, 84);
    await woo.customers.update(id, {
      email: longEmail,
      last_name: 'Иванова',
      billing: { city: 'Vienne' },
    });
    await handle.signal(pollCustomersNow);
    await eventually(async () =>
      (await handle.query(customerEditsProgress)).polls > polls ? true : undefined,
    );
    const after = await account('CL00003');
    assert.equal(after.CT_Ville, 'Vienne');
    assert.equal(after.CT_EMail, before.CT_EMail);
    assert.equal(after.CT_Contact, before.CT_Contact);
    const refused = (await reportsOf(connector)).filter(
      (r) => r.key === 'CL00003' && r.problem === 'sage-value-refused',
    );
    assert.equal(refused.length, 1, JSON.stringify(refused));
    assert.match(refused[0].detail, /customer\.email: 84 characters, the Sage column holds \d+/);
    assert.match(refused[0].detail, /customer\.contact: .*"И" \(U\+0418\).*CP1252/);
  });

  it('gathers a burst of deliveries into a few signals and applies every edit', async () => {
    const handle = connector.temporal.client.workflow.getHandle(CUSTOMER_EDITS_WORKFLOW_ID);
    const accounts = [...shopIds.keys()];
    // The polling test paused the webhook: the edits below reach the workflow only through the
    // deliveries this test makes.
    for (const a of accounts)
      await woo.customers.update(shopIds.get(a) as number, { billing: { address_2: `Lot ${a}` } });
    const countedBefore = (await handle.query(customerEditsProgress)).signals;
    // The handler on a client that counts its signals.
    const { client } = connector.temporal;
    let signals = 0;
    const counting = {
      workflow: {
        signalWithStart: ((...args: Parameters<typeof client.workflow.signalWithStart>) => {
          signals += 1;
          return client.workflow.signalWithStart(...args);
        }) as typeof client.workflow.signalWithStart,
      },
    } as unknown as typeof client;
    // 20 deliveries per customer arriving together, as when a sync writes every customer and
    // the shop delivers the echoes in parallel.
    const deliver = customerUpdatedHandler(counting, HOUR);
    const deliveries = Array.from({ length: 20 }, () => accounts).flat();
    await Promise.all(
      deliveries.map((a) =>
        deliver({
          topic: CUSTOMER_UPDATED_TOPIC,
          deliveryId: '',
          webhookId: '',
          payload: { id: shopIds.get(a) },
        }),
      ),
    );
    // The first delivery goes alone; all the others waited for it and went together.
    assert.equal(signals, 2, `signals for ${deliveries.length} deliveries`);
    const notInSage = async () => {
      const left: string[] = [];
      for (const a of accounts) if ((await account(a)).CT_Complement !== `Lot ${a}`) left.push(a);
      return left;
    };
    await eventually(async () => ((await notInSage()).length === 0 ? true : undefined)).catch(
      async () => assert.fail(`not in Sage: ${(await notInSage()).join(', ')}`),
    );
    // Every id signalled is counted, those that came while an edit was being applied included:
    // the first alone, then each customer once (a signal carries an id once).
    const counted = (await handle.query(customerEditsProgress)).signals - countedBefore;
    assert.equal(counted, 1 + accounts.length);
  });

  it('is wired like the main command: one shop webhook to a fresh server, edits flowing', async () => {
    const wiring = await startConnectorWebhooks(
      connector.config,
      connector.temporal.client,
      pino({ level: 'silent' }),
    );
    try {
      const hooks = (await collectItems(woo.webhooks.listAll())).filter(
        (w) => w.topic === CUSTOMER_UPDATED_TOPIC,
      );
      // The earlier registration (same name, another URL) was replaced, not left to fail.
      assert.deepEqual(
        hooks.map((w) => [w.delivery_url, w.status]),
        [[wiring.url, 'active']],
      );
      const id = shopIds.get('CL00005') as number;
      await woo.customers.update(id, { billing: { address_2: 'Bâtiment Z' } });
      await connector.shop.flushWebhooks();
      await eventually(async () =>
        (await account('CL00005')).CT_Complement === 'Bâtiment Z' ? true : undefined,
      );
    } finally {
      await wiring.close();
    }
  });
});
