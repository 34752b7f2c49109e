import type { RowProblem } from '../sage/types';

/** What a projected entity becomes in the shop. */
export type EntityKind = 'product' | 'variation';

/**
 * One product or variation as the connector wants it in the shop, keyed by SKU.
 * `fields` is what every write sends (and what the content hash covers); `createFields` is
 * added only when the entity is created (create mode): SKU, type, name, attributes.
 */
export interface ProjectedEntity {
  kind: EntityKind;
  sku: string;
  /** SKU of the variable product, for variations. */
  parentSku?: string;
  /** The Sage article this entity comes from (reports name it). */
  articleRef: string;
  fields: Record<string, unknown>;
  createFields: Record<string, unknown>;
}

/** Problems the catalog projection finds, on top of what the Sage readers report. */
export type CatalogProblem =
  RowProblem | 'incomplete-grouping' | 'duplicate-variation' | 'sku-conflict' | 'write-failed';

/** A bad-data report about one article: it never stops the run. */
export interface CatalogIssue {
  reference: string;
  problem: CatalogProblem;
  detail?: string;
}

/** Free-field values of one article exactly as stored, to tell half-filled pairs apart. */
export interface RawGrouping {
  masterReference: string;
  pairs: { name: string; value: string }[];
}
