import Big from 'big.js';
import type { CatalogConfig } from '../config/catalog';
import type { Article, Packaging } from '../sage/types';
import { groupArticles, type VariableGroup } from './grouping';
import type { CatalogIssue, ProjectedEntity, RawGrouping } from './types';

/**
 * Sage articles → the products and variations the shop should hold. Pure: the activity reads
 * the articles (a page plus every member of the variable groups it touches) and writes what
 * this returns. Names and descriptions are only part of `createFields` (update mode never
 * touches them); prices are decimal strings computed with big.js.
 */

export type ProjectionSettings = Pick<
  CatalogConfig,
  | 'sleepingAction'
  | 'usePublishedFlag'
  | 'manageStock'
  | 'backorders'
  | 'sendRegularPrice'
  | 'priceDecimals'
  | 'packagingAttribute'
  | 'meta'
>;

export interface CatalogProjection {
  /** Products first (simple and variable), then variations, each list in a stable order. */
  entities: ProjectedEntity[];
  issues: CatalogIssue[];
}

/** True when the article must be off the shop (sleeping, or unpublished when the flag is used). */
export function isOffShop(article: Article, settings: ProjectionSettings): boolean {
  return article.sleeping || (settings.usePublishedFlag && !article.published);
}

/** Status and visibility of a product that is on or off the shop. */
function visibility(off: boolean, settings: ProjectionSettings): Record<string, unknown> {
  if (!off) return { status: 'publish', catalog_visibility: 'visible' };
  return settings.sleepingAction === 'draft'
    ? { status: 'draft', catalog_visibility: 'visible' }
    : { status: 'publish', catalog_visibility: 'hidden' };
}

/** Stock settings that keep out-of-stock products visible (backorders rule). */
function stockSettings(settings: ProjectionSettings): Record<string, unknown> {
  return settings.manageStock
    ? { manage_stock: true, backorders: settings.backorders }
    : { manage_stock: false };
}

function price(value: Big, settings: ProjectionSettings): string {
  return value.round(settings.priceDecimals, Big.roundHalfUp).toFixed(settings.priceDecimals);
}

function regularPrice(
  article: Article,
  settings: ProjectionSettings,
  quantity = '1',
): Record<string, unknown> {
  if (!settings.sendRegularPrice || article.salePriceIncludesTax) return {};
  return { regular_price: price(new Big(article.salePrice).times(quantity), settings) };
}

function meta(
  settings: ProjectionSettings,
  reference: string,
  family: string,
  off: boolean,
): Record<string, unknown> {
  return {
    meta_data: [
      { key: settings.meta.reference, value: reference },
      { key: settings.meta.family, value: family },
      { key: settings.meta.sleeping, value: off ? '1' : '0' },
    ],
  };
}

function displayName(article: Article): string {
  return article.designation || article.reference;
}

function simpleProduct(article: Article, settings: ProjectionSettings): ProjectedEntity {
  const off = isOffShop(article, settings);
  return {
    kind: 'product',
    sku: article.reference,
    articleRef: article.reference,
    fields: {
      ...visibility(off, settings),
      ...regularPrice(article, settings),
      ...stockSettings(settings),
      ...meta(settings, article.reference, article.familyCode, off),
    },
    createFields: { sku: article.reference, type: 'simple', name: displayName(article) },
  };
}

/** Attribute list of a variable product: names in first-seen order, options likewise. */
function parentAttributes(variations: { name: string; option: string }[][]) {
  const options = new Map<string, string[]>();
  for (const attributes of variations) {
    for (const { name, option } of attributes) {
      const list = options.get(name) ?? [];
      if (!list.includes(option)) list.push(option);
      options.set(name, list);
    }
  }
  return [...options].map(([name, values], position) => ({
    name,
    position,
    visible: true,
    variation: true,
    options: values,
  }));
}

function variableParent(
  sku: string,
  source: Article,
  off: boolean,
  variationAttributes: { name: string; option: string }[][],
  settings: ProjectionSettings,
): ProjectedEntity {
  return {
    kind: 'product',
    sku,
    articleRef: source.reference,
    // Variations carry price and stock; the parent only its visibility and identity.
    fields: {
      ...visibility(off, settings),
      manage_stock: false,
      ...meta(settings, sku, source.familyCode, off),
    },
    createFields: {
      sku,
      type: 'variable',
      name: displayName(source),
      attributes: parentAttributes(variationAttributes),
    },
  };
}

/** A disabled variation is `private` in WooCommerce (the admin's "Enabled" box unticked). */
function variationStatus(off: boolean): Record<string, unknown> {
  return { status: off ? 'private' : 'publish' };
}

function groupEntities(group: VariableGroup, settings: ProjectionSettings): ProjectedEntity[] {
  const attributes = group.members.map((m) =>
    m.attributes.map((a) => ({ name: a.name, option: a.value })),
  );
  const allOff = group.members.every((m) => isOffShop(m, settings));
  const parent = variableParent(
    group.masterReference,
    group.members[0],
    allOff,
    attributes,
    settings,
  );
  const variations = group.members.map((member, i): ProjectedEntity => {
    const off = isOffShop(member, settings);
    return {
      kind: 'variation',
      sku: member.reference,
      parentSku: group.masterReference,
      articleRef: member.reference,
      fields: {
        ...variationStatus(off),
        ...regularPrice(member, settings),
        ...stockSettings(settings),
        ...meta(settings, member.reference, member.familyCode, off),
      },
      createFields: { sku: member.reference, attributes: attributes[i] },
    };
  });
  return [parent, ...variations];
}

/** SKU of the variation made from one packaging of an article. */
export function packagingSku(article: Pick<Article, 'reference'>, packaging: Packaging): string {
  return packaging.reference.trim() || `${article.reference}-${packaging.packagingNo}`;
}

function packagedEntities(article: Article, settings: ProjectionSettings): ProjectedEntity[] {
  const off = isOffShop(article, settings);
  const attributes = article.packagings.map((p) => [
    { name: settings.packagingAttribute, option: p.label || String(p.quantity) },
  ]);
  const parent = variableParent(article.reference, article, off, attributes, settings);
  const variations = article.packagings.map((packaging, i): ProjectedEntity => {
    const sku = packagingSku(article, packaging);
    return {
      kind: 'variation',
      sku,
      parentSku: article.reference,
      articleRef: article.reference,
      fields: {
        ...variationStatus(off),
        ...regularPrice(article, settings, packaging.quantity),
        ...stockSettings(settings),
        ...meta(settings, article.reference, article.familyCode, off),
      },
      createFields: { sku, attributes: attributes[i] },
    };
  });
  return [parent, ...variations];
}

/** Drops every entity whose SKU an earlier entity already uses (SKUs are unique in the shop). */
function withoutSkuConflicts(entities: ProjectedEntity[], issues: CatalogIssue[]) {
  const owners = new Map<string, ProjectedEntity>();
  const droppedParents = new Set<string>();
  const kept: ProjectedEntity[] = [];
  for (const entity of entities) {
    if (entity.parentSku !== undefined && droppedParents.has(entity.parentSku)) {
      issues.push({
        reference: entity.articleRef,
        problem: 'sku-conflict',
        detail: `variable product ${entity.parentSku} left out: its SKU is used elsewhere`,
      });
      continue;
    }
    const key = entity.sku.toLowerCase();
    const owner = owners.get(key);
    if (owner !== undefined) {
      issues.push({
        reference: entity.articleRef,
        problem: 'sku-conflict',
        detail: `SKU ${entity.sku} (${entity.kind}) is already used by ${owner.kind} of article ${owner.articleRef}`,
      });
      if (entity.parentSku === undefined) droppedParents.add(entity.sku);
      continue;
    }
    owners.set(key, entity);
    kept.push(entity);
  }
  return kept;
}

export function projectCatalog(
  articles: readonly Article[],
  settings: ProjectionSettings,
  raw: ReadonlyMap<string, RawGrouping> = new Map(),
): CatalogProjection {
  const grouping = groupArticles(articles, raw);
  const issues = [...grouping.issues];
  const all = [
    ...grouping.simple.map((a) => [simpleProduct(a, settings)]),
    ...grouping.groups.map((g) => groupEntities(g, settings)),
    ...grouping.packaged.map((a) => packagedEntities(a, settings)),
  ].flat();
  const kept = withoutSkuConflicts(all, issues);
  // Products before variations: a variation is written under its parent's shop id.
  const entities = [
    ...kept.filter((e) => e.kind === 'product'),
    ...kept.filter((e) => e.kind === 'variation'),
  ];
  return { entities, issues };
}
