import assert from 'node:assert/strict';
import fc from 'fast-check';
import { contentHash } from '../../../shared/catalog/hash';
import { projectCatalog } from '../../../shared/catalog/projection';
import { stockConfigSchema } from '../../../shared/config/catalog';
import { articleStock } from '../../../shared/stock/projection';
import type { StockLevel } from '../../../shared/sage/types';
import { article, packaging, settings } from './fixtures';

const sizes = ['S', 'M', 'L', 'XL'];
const colours = ['Rouge', 'Bleu'];

/** Small random catalogs: simple, grouped (with duplicates) and packaged articles. */
const articleArb = fc
  .record({
    n: fc.integer({ min: 0, max: 30 }),
    master: fc.constantFrom('', '', 'M-1', 'M-2'),
    size: fc.constantFrom(...sizes),
    colour: fc.constantFrom(...colours, ''),
    packagings: fc.integer({ min: 0, max: 3 }),
    sleeping: fc.boolean(),
  })
  .map((r) =>
    article(`A-${r.n}`, {
      masterReference: r.master,
      attributes: r.master
        ? [
            { name: 'Taille', value: r.size },
            ...(r.colour ? [{ name: 'Couleur', value: r.colour }] : []),
          ]
        : [],
      packagings: Array.from({ length: r.packagings }, (_, i) =>
        packaging(i + 1, String(5 * (i + 1))),
      ),
      sleeping: r.sleeping,
    }),
  );

describe('catalog and stock properties', () => {
  it('never projects two entities with the same SKU, and every variation has its parent', () => {
    fc.assert(
      fc.property(fc.array(articleArb, { maxLength: 40 }), (articles) => {
        const { entities } = projectCatalog(articles, settings);
        const skus = entities.map((e) => e.sku.toLowerCase());
        assert.equal(new Set(skus).size, skus.length);
        const products = new Set(entities.filter((e) => e.kind === 'product').map((e) => e.sku));
        for (const e of entities.filter((x) => x.kind === 'variation')) {
          assert.ok(products.has(e.parentSku!), `${e.sku} under ${e.parentSku}`);
        }
      }),
    );
  });

  it('projects the same catalog whatever the order the articles come in', () => {
    fc.assert(
      fc.property(fc.array(articleArb, { maxLength: 30 }), fc.integer(), (articles, seed) => {
        const unique = [...new Map(articles.map((a) => [a.reference, a])).values()];
        const shuffled = [...unique].sort(
          (a, b) => ((a.reference.length * seed) % 7) - ((b.reference.length * seed) % 7),
        );
        const hashes = (list: typeof unique) =>
          new Map(projectCatalog(list, settings).entities.map((e) => [e.sku, contentHash(e)]));
        assert.deepEqual(hashes(shuffled), hashes(unique));
      }),
    );
  });

  it('hashes content, not key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (object) => {
        const reversed = Object.fromEntries(Object.entries(object).reverse());
        assert.equal(contentHash(reversed), contentHash(object));
      }),
    );
  });

  it('sends a total equal to the sum of the depots sent, never negative', () => {
    const rules = stockConfigSchema.parse({});
    const depots = new Map([1, 2, 3, 7, 8].map((no) => [no, { code: `D${no}` }]));
    const levelArb = fc.record({
      depotNo: fc.constantFrom(1, 2, 3, 7, 8),
      onHand: fc.integer({ min: -50, max: 500 }),
      reserved: fc.integer({ min: 0, max: 50 }),
    });
    fc.assert(
      fc.property(
        fc.array(levelArb, { maxLength: 10 }),
        fc.constantFrom('1', '6', '2.5'),
        (rows, unit) => {
          const levels: StockLevel[] = rows.map((r, i) => ({
            rowId: i,
            modifiedAt: '2025-01-01T00:00:00.000',
            articleReference: 'A',
            depotNo: r.depotNo,
            onHand: String(r.onHand),
            reserved: String(r.reserved),
            onOrder: '0',
            inPreparation: '0',
          }));
          const stock = articleStock(levels, depots, rules, unit);
          const values = Object.values(stock.byDepot);
          assert.equal(
            stock.total,
            values.reduce((s, q) => s + q, 0),
          );
          assert.ok(values.every((q) => Number.isInteger(q) && q >= 0));
          assert.ok(!('D8' in stock.byDepot) && !('D7' in stock.byDepot));
        },
      ),
    );
  });
});
