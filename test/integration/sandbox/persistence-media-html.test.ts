import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DEFAULT_APP_PASSWORD,
  prefillFromCatalog,
  startSandbox,
  type RunningSandbox,
} from '../../../sandbox/woo';
import { AUTH, wc } from './client';
import { Receiver } from './receiver';

/** Persistence across restarts, media uploads of invoice PDFs, the HTML page, pre-filling. */

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const appPassword = `Basic ${Buffer.from(`${DEFAULT_APP_PASSWORD.username}:${DEFAULT_APP_PASSWORD.password}`).toString('base64')}`;

async function upload(
  sb: RunningSandbox,
  authorization: string | undefined,
  filename = 'FA00042.pdf',
) {
  const res = await fetch(`${sb.url}/wp-json/wp/v2/media`, {
    method: 'POST',
    headers: {
      ...(authorization ? { Authorization: authorization } : {}),
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${filename}"`,
    },
    body: PDF,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('WooCommerce sandbox: persistence, media, HTML page, prefill', () => {
  describe('file database', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'woo-sandbox-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('keeps products, customers, orders, webhooks and files across a restart, and ids keep increasing', async () => {
      const dbPath = path.join(dir, 'shop.db');
      let sb = await startSandbox({ dbPath });
      const product = (
        await wc(sb).post('/products', { name: 'Kept', sku: 'KEPT-1', regular_price: '9.90' })
      ).body;
      const customer = (await wc(sb).post('/customers', { email: 'kept@example.test' })).body;
      const order = (
        await wc(sb).post('/orders', {
          customer_id: customer.id,
          line_items: [{ sku: 'KEPT-1', quantity: 2 }],
        })
      ).body;
      await wc(sb).post(`/orders/${order.id}/notes`, { note: 'kept note' });
      const media = await upload(sb, appPassword);
      await sb.close();

      sb = await startSandbox({ dbPath });
      try {
        assert.equal((await wc(sb).get('/products?sku=KEPT-1')).body[0].id, product.id);
        assert.equal(
          (await wc(sb).get('/customers?email=kept@example.test')).body[0].id,
          customer.id,
        );
        const kept = (await wc(sb).get(`/orders/${order.id}`)).body;
        assert.equal(kept.total, '19.80');
        assert.deepEqual(
          ((await wc(sb).get(`/orders/${order.id}/notes`)).body as { note: string }[]).map(
            (n) => n.note,
          ),
          ['kept note'],
        );
        const dup = await wc(sb).post('/products', { name: 'Again', sku: 'KEPT-1' });
        assert.equal(dup.body.code, 'product_invalid_sku', 'the SKU index is rebuilt');
        const next = (await wc(sb).post('/products', { name: 'Next' })).body;
        assert.ok(next.id > media.body.id, 'ids keep increasing after a restart');
        const file = await fetch(String(media.body.source_url).replace(/^http:\/\/[^/]+/, sb.url));
        assert.deepEqual(Buffer.from(await file.arrayBuffer()), PDF);
      } finally {
        await sb.close();
      }
    });
  });

  describe('in memory', () => {
    let sb: RunningSandbox;
    beforeEach(async () => {
      sb = await startSandbox();
    });
    afterEach(() => sb.close());

    it('uploads a PDF with an application password and serves it at source_url', async () => {
      const { status, body } = await upload(sb, appPassword);
      assert.equal(status, 201);
      assert.equal(body.mime_type, 'application/pdf');
      assert.match(String(body.source_url), /\/wp-content\/uploads\/\d{4}\/\d{2}\/FA00042\.pdf$/);
      const file = await fetch(String(body.source_url));
      assert.equal(file.headers.get('content-type'), 'application/pdf');
      assert.deepEqual(Buffer.from(await file.arrayBuffer()), PDF);
      const again = await upload(sb, appPassword);
      assert.match(
        String(again.body.source_url),
        /FA00042-1\.pdf$/,
        'a second file with the same name is renamed',
      );
    });

    it('accepts a multipart upload', async () => {
      const form = new FormData();
      form.append('file', new Blob([PDF], { type: 'application/pdf' }), 'INV-7.pdf');
      const res = await fetch(`${sb.url}/wp-json/wp/v2/media`, {
        method: 'POST',
        headers: { Authorization: appPassword },
        body: form,
      });
      assert.equal(res.status, 201);
      const body = (await res.json()) as { source_url: string };
      assert.deepEqual(Buffer.from(await (await fetch(body.source_url)).arrayBuffer()), PDF);
    });

    it('refuses consumer keys, anonymous uploads and uploads without a file name', async () => {
      assert.equal((await upload(sb, AUTH)).body.code, 'invalid_username');
      assert.equal((await upload(sb, undefined)).body.code, 'rest_cannot_create');
      const res = await fetch(`${sb.url}/wp-json/wp/v2/media`, {
        method: 'POST',
        headers: { Authorization: appPassword, 'Content-Type': 'application/pdf' },
        body: PDF,
      });
      assert.equal(res.status, 400);
      assert.equal(
        ((await res.json()) as { code: string }).code,
        'rest_upload_no_content_disposition',
      );
    });

    it('shows products with stock per depot, customers and orders with notes and invoice link, escaped', async () => {
      await wc(sb).post('/products', {
        name: '<script>alert(1)</script> Coupling',
        sku: 'HTML-1',
        manage_stock: true,
        stock_quantity: 15,
        meta_data: [{ key: 'sage_stock_by_depot', value: { '1': 12, '5': 3 } }],
      });
      const customer = (
        await wc(sb).post('/customers', { email: 'html@example.test', first_name: 'Zoé & Co' })
      ).body;
      const order = (
        await wc(sb).post('/orders', {
          customer_id: customer.id,
          line_items: [{ sku: 'HTML-1', quantity: 1 }],
        })
      ).body;
      await wc(sb).post(`/orders/${order.id}/notes`, {
        note: 'Invoice <b>FA1</b>',
        customer_note: true,
      });
      await wc(sb).put(`/orders/${order.id}`, {
        meta_data: [{ key: 'sage_invoice_pdf', value: 'https://shop.example/FA1.pdf' }],
      });
      const html = await (await fetch(`${sb.url}/`)).text();
      assert.ok(!html.includes('<script>alert(1)</script>'), 'product names are escaped');
      assert.ok(html.includes('&#60;script&#62;alert(1)&#60;/script&#62; Coupling'));
      assert.ok(html.includes('1: 12, 5: 3'), 'stock per depot');
      assert.ok(html.includes('Zoé &#38; Co'));
      assert.ok(html.includes('Invoice &#60;b&#62;FA1&#60;/b&#62;'));
      assert.ok(html.includes('<a href="https://shop.example/FA1.pdf">invoice</a>'));
      assert.ok(html.includes('Pending payment'));
      const filtered = await (
        await fetch(`${sb.url}/shop?q=${encodeURIComponent('"><x>')}`)
      ).text();
      assert.ok(!filtered.includes('HTML-1'), 'the filter keeps matching products only');
      assert.ok(filtered.includes('value="&#34;&#62;&#60;x&#62;"'), 'the filter text is escaped');
      assert.ok(
        (await (await fetch(`${sb.url}/?q=html-1&refresh=5`)).text()).includes('content="5"'),
      );
    });

    it('pre-fills products and variations from a catalog without webhooks, once', async () => {
      const receiver = await new Receiver().start();
      try {
        await wc(sb).post('/webhooks', {
          topic: 'product.created',
          delivery_url: `${receiver.url}/h`,
        });
        const items = [
          { sku: 'RAC-001', name: 'Raccord 1/2', type: 'simple' as const, regularPrice: '4.20' },
          {
            sku: 'FLEX',
            name: 'Flexible',
            type: 'variable' as const,
            variations: [
              { sku: 'FLEX-10', attributes: [{ name: 'Diamètre', option: '10mm' }] },
              { sku: 'FLEX-12', attributes: [{ name: 'Diamètre', option: '12mm' }] },
            ],
          },
        ];
        assert.deepEqual(prefillFromCatalog(sb, items), { created: 4, skipped: 0 });
        assert.deepEqual(prefillFromCatalog(sb.store, items), { created: 0, skipped: 4 });
        const parent = (await wc(sb).get('/products?sku=FLEX')).body[0];
        assert.equal(parent.type, 'variable');
        assert.deepEqual(parent.attributes[0].options, ['10mm', '12mm']);
        const variations = (await wc(sb).get(`/products/${parent.id}/variations`)).body as {
          sku: string;
        }[];
        assert.deepEqual(variations.map((v) => v.sku).sort(), ['FLEX-10', 'FLEX-12']);
        const byVariationSku = (await wc(sb).get('/products?sku=FLEX-12')).body[0];
        assert.equal(byVariationSku.parent_id, parent.id);
        const updated = await wc(sb).put(`/products/${parent.id}/variations/${byVariationSku.id}`, {
          regular_price: '7.00',
          manage_stock: true,
          stock_quantity: 3,
        });
        assert.equal(updated.body.stock_quantity, 3);
        await sb.flushWebhooks();
        assert.equal(receiver.deliveries().length, 0);
      } finally {
        await receiver.stop();
      }
    });
  });
});
