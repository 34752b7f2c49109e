import assert from 'node:assert/strict';
import { projectCatalog } from '../../../shared/catalog/projection';
import type { RawGrouping } from '../../../shared/catalog/types';
import { article, packaging, settings } from './fixtures';

const metaOf = (fields: Record<string, unknown>) =>
  Object.fromEntries(
    (fields.meta_data as { key: string; value: unknown }[]).map((m) => [m.key, m.value]),
  );

describe('catalog projection', () => {
  it('projects a simple article without name or description in the written fields', () => {
    const { entities, issues } = projectCatalog([article('A-1')], settings);
    assert.deepEqual(issues, []);
    assert.equal(entities.length, 1);
    const [product] = entities;
    assert.equal(product.kind, 'product');
    assert.equal(product.sku, 'A-1');
    assert.equal(product.fields.status, 'publish');
    assert.equal(product.fields.regular_price, '12.50');
    assert.equal(product.fields.manage_stock, true);
    assert.equal(product.fields.backorders, 'notify');
    assert.ok(!('name' in product.fields) && !('description' in product.fields));
    assert.equal(product.createFields.name, 'Designation A-1');
    assert.deepEqual(metaOf(product.fields), {
      sage_ref: 'A-1',
      sage_family: 'FAM001',
      sage_sleeping: '0',
    });
  });

  it('takes sleeping articles off the shop as drafts or hidden, as configured', () => {
    const sleeping = article('S-1', { sleeping: true });
    const draft = projectCatalog([sleeping], settings).entities[0];
    assert.equal(draft.fields.status, 'draft');
    assert.equal(metaOf(draft.fields).sage_sleeping, '1');
    const hidden = projectCatalog([sleeping], { ...settings, sleepingAction: 'hidden' })
      .entities[0];
    assert.equal(hidden.fields.status, 'publish');
    assert.equal(hidden.fields.catalog_visibility, 'hidden');
  });

  it('ignores the published flag unless the switch says to use it', () => {
    const unpublished = article('U-1', { published: false });
    assert.equal(projectCatalog([unpublished], settings).entities[0].fields.status, 'publish');
    const used = projectCatalog([unpublished], { ...settings, usePublishedFlag: true });
    assert.equal(used.entities[0].fields.status, 'draft');
  });

  it('groups articles by master reference into one variable product', () => {
    const red = article('T-RED', {
      masterReference: 'M-T',
      attributes: [{ name: 'Couleur', value: 'Rouge' }],
    });
    const blue = article('T-BLUE', {
      masterReference: 'M-T',
      attributes: [{ name: 'Couleur', value: 'Bleu' }],
      sleeping: true,
    });
    const { entities, issues } = projectCatalog([red, blue], settings);
    assert.deepEqual(issues, []);
    assert.deepEqual(
      entities.map((e) => [e.kind, e.sku, e.parentSku]),
      [
        ['product', 'M-T', undefined],
        ['variation', 'T-BLUE', 'M-T'],
        ['variation', 'T-RED', 'M-T'],
      ],
    );
    const [parent, blueVariation, redVariation] = entities;
    assert.equal(parent.fields.status, 'publish', 'one awake member keeps the parent on');
    assert.equal(parent.fields.manage_stock, false);
    assert.equal(parent.createFields.type, 'variable');
    assert.deepEqual((parent.createFields.attributes as { options: string[] }[])[0].options, [
      'Bleu',
      'Rouge',
    ]);
    assert.equal(blueVariation.fields.status, 'private');
    assert.equal(redVariation.fields.status, 'publish');
    assert.deepEqual(redVariation.createFields.attributes, [{ name: 'Couleur', option: 'Rouge' }]);
  });

  it('turns packagings into variations with exact package prices', () => {
    const boxed = article('B-1', {
      salePrice: '0.335',
      packagings: [packaging(1, '10', 'B-1-10'), packaging(2, '25')],
    });
    const { entities } = projectCatalog([boxed], settings);
    assert.deepEqual(
      entities.map((e) => [e.kind, e.sku, e.fields.regular_price]),
      [
        ['product', 'B-1', undefined],
        ['variation', 'B-1-10', '3.35'],
        ['variation', 'B-1-2', '8.38'],
      ],
    );
  });

  it('keeps an article with a single packaging simple', () => {
    const one = article('P-1', { packagings: [packaging(1, '10')] });
    assert.equal(projectCatalog([one], settings).entities[0].createFields.type, 'simple');
  });

  it('reports half-filled grouping fields and leaves the article out', () => {
    const noAttributes = article('H-1', { masterReference: 'M-H' });
    const noMaster = article('H-2', { attributes: [{ name: 'Taille', value: 'L' }] });
    const halfPair = article('H-3', {
      masterReference: 'M-H',
      attributes: [{ name: 'Taille', value: 'L' }],
    });
    const raw = new Map<string, RawGrouping>([
      [
        'H-3',
        {
          masterReference: 'M-H',
          pairs: [
            { name: 'Taille', value: 'L' },
            { name: 'Couleur', value: '' },
          ],
        },
      ],
    ]);
    const ok = article('OK-1');
    const { entities, issues } = projectCatalog(
      [noAttributes, noMaster, halfPair, ok],
      settings,
      raw,
    );
    assert.deepEqual(
      entities.map((e) => e.sku),
      ['OK-1'],
    );
    assert.deepEqual(
      issues.map((i) => [i.reference, i.problem]),
      [
        ['H-1', 'incomplete-grouping'],
        ['H-2', 'incomplete-grouping'],
        ['H-3', 'incomplete-grouping'],
      ],
    );
    assert.match(issues[2].detail ?? '', /attribute 2 is half filled/);
  });

  it('reports the second article claiming the same variation', () => {
    const attributes = [{ name: 'Taille', value: 'M' }];
    const first = article('D-1', { masterReference: 'M-D', attributes });
    const second = article('D-2', {
      masterReference: 'M-D',
      attributes: [{ name: ' taille', value: 'm ' }],
    });
    const { entities, issues } = projectCatalog([second, first], settings);
    assert.deepEqual(
      entities.map((e) => e.sku),
      ['M-D', 'D-1'],
    );
    assert.deepEqual(issues, [
      {
        reference: 'D-2',
        problem: 'duplicate-variation',
        detail: 'same attributes as D-1 under M-D',
      },
    ]);
  });

  it('reports SKU conflicts between entities and keeps the first owner', () => {
    const simple = article('X-10');
    const boxed = article('X', { packagings: [packaging(1, '10', 'X-10'), packaging(2, '20')] });
    const { entities, issues } = projectCatalog([simple, boxed], settings);
    assert.deepEqual(
      entities.map((e) => e.sku),
      ['X-10', 'X', 'X-2'],
    );
    assert.equal(issues[0].problem, 'sku-conflict');
    assert.equal(issues[0].reference, 'X');
  });

  it('leaves the price out when Sage stores it with tax', () => {
    const ttc = article('TTC-1', { salePriceIncludesTax: true });
    assert.ok(!('regular_price' in projectCatalog([ttc], settings).entities[0].fields));
  });
});
