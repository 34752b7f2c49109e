import type { FreeFieldsConfig } from '../../shared/config/sage';
import type { RawGrouping } from '../../shared/catalog/types';
import { normaliseKey } from '../../shared/sage/references';
import type { Article, ChangeKey, RowIssue } from '../../shared/sage/types';
import { readArticlesByReference } from '../sage/articles';
import { chunk } from '../sage/convert';
import type { SageDb } from '../sage/db';
import { freeFieldSelections } from '../sage/free-fields';
import { changeCondition } from '../sage/paging';
import { trimmedKeyIn } from './key-match';

/**
 * Sage reads the catalog sync needs on top of the Sage module's readers: whole variable groups
 * (a group's members can sit on different pages), the raw free fields (the reader drops
 * half-filled attribute pairs, which must be reported) and a change count for progress.
 */

/** Every article whose master reference is one of `masters` (trimmed comparison). */
export async function readGroupMembers(
  db: SageDb,
  masters: readonly string[],
  freeFields: FreeFieldsConfig,
): Promise<{ items: Article[]; issues: RowIssue[] }> {
  if (masters.length === 0) return { items: [], issues: [] };
  const references: string[] = [];
  for (const part of chunk([...new Set(masters)])) {
    const rows = await db
      .selectFrom('F_ARTICLE as a')
      .select('a.AR_Ref')
      .where(trimmedKeyIn(db, `a.${freeFields.masterReference}`, part))
      .execute();
    references.push(...rows.map((r) => r.AR_Ref));
  }
  return readArticlesByReference(db, references, { freeFields });
}

/** Free-field values as stored (trimmed), keyed by trimmed article reference. */
export async function readRawGrouping(
  db: SageDb,
  references: readonly string[],
  freeFields: FreeFieldsConfig,
): Promise<Map<string, RawGrouping>> {
  const found = new Map<string, RawGrouping>();
  for (const part of chunk([...new Set(references)])) {
    const rows = await db
      .selectFrom('F_ARTICLE as a')
      .select('a.AR_Ref')
      .select(freeFieldSelections('a', freeFields))
      .where(trimmedKeyIn(db, 'a.AR_Ref', part))
      .execute();
    for (const row of rows) {
      const values = row as Record<string, unknown>;
      const text = (key: string) =>
        typeof values[key] === 'string' ? (values[key] as string).trim() : '';
      found.set(normaliseKey(row.AR_Ref), {
        masterReference: text('ff_master'),
        pairs: freeFields.attributes.map((_, i) => ({
          name: text(`ff_name_${i + 1}`),
          value: text(`ff_value_${i + 1}`),
        })),
      });
    }
  }
  return found;
}

/** Rows of a change-tracked table after a cursor: the progress denominator. */
export async function countChangedRows(
  db: SageDb,
  table: 'F_ARTICLE' | 'F_ARTSTOCK',
  since: string | null,
  after: ChangeKey | null,
): Promise<number> {
  const row = await db
    .selectFrom(`${table} as t` as 'F_ARTICLE as t')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where(changeCondition('t', since, after))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
