import { sql, type AliasedRawBuilder } from 'kysely';
import type { RawGrouping } from '../../shared/catalog/types';
import type { FreeFieldsConfig } from '../../shared/config/sage';
import type { ArticleAttribute } from '../../shared/sage/types';

/** Defaults of the free-field column names (same as the configuration defaults). */
export const DEFAULT_FREE_FIELDS: FreeFieldsConfig = {
  masterReference: 'REF_MAITRE',
  attributes: [1, 2, 3, 4, 5].map((n) => ({ name: `ATTRIBUT_${n}`, value: `VALEUR_${n}` })),
};

/**
 * Free fields are extra F_ARTICLE columns whose names come from configuration, so they are not
 * in the static Kysely types: they are selected as quoted references under fixed aliases
 * (ff_master, ff_name_1, ff_value_1…).
 */
export function freeFieldSelections(
  alias: string,
  freeFields: FreeFieldsConfig,
): AliasedRawBuilder<string | null, string>[] {
  const select = (column: string, as: string) =>
    sql<string | null>`${sql.ref(`${alias}.${column}`)}`.as(as);
  return [
    select(freeFields.masterReference, 'ff_master'),
    ...freeFields.attributes.flatMap((pair, i) => [
      select(pair.name, `ff_name_${i + 1}`),
      select(pair.value, `ff_value_${i + 1}`),
    ]),
  ];
}

export interface FreeFieldValues {
  masterReference: string;
  attributes: ArticleAttribute[];
}

/** The aliased free-field values of a row as stored (trimmed), every attribute pair included. */
export function rawGroupingOf(row: object, freeFields: FreeFieldsConfig): RawGrouping {
  const values = row as Record<string, unknown>;
  const text = (key: string) =>
    typeof values[key] === 'string' ? (values[key] as string).trim() : '';
  return {
    masterReference: text('ff_master'),
    pairs: freeFields.attributes.map((_, i) => ({
      name: text(`ff_name_${i + 1}`),
      value: text(`ff_value_${i + 1}`),
    })),
  };
}

/** Reads the aliased free-field values of a row; blank attribute pairs are left out. */
export function freeFieldValues(row: object, freeFields: FreeFieldsConfig): FreeFieldValues {
  const { masterReference, pairs } = rawGroupingOf(row, freeFields);
  const attributes: ArticleAttribute[] = pairs.filter((p) => p.name !== '' && p.value !== '');
  return { masterReference, attributes };
}
