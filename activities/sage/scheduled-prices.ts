import { normaliseKey } from '../../shared/sage/references';
import type { ScheduledArticlePrice, ScheduledArticleRowPrice } from '../../shared/sage/types';
import { nextDay } from '../../shared/price-sync/business-day';
import type { DatesReached } from '../../shared/price-sync/price-changes';
import { decimalOf, optionalTimestampOf } from './convert';
import type { DbDate, DbDecimal } from './schema';
import type { SageDb } from './db';

/**
 * Sage's scheduled prices ("mise à jour des tarifs à date"): new values kept next to the current
 * ones with the day they apply from (docs/price-rules.md, "Scheduled prices").
 */

/** The day of a Sage date column, or null when unset (NULL, or Sage's 1900-01-01 "no date"). */
export function applicationDayOf(value: DbDate | null | undefined): string | null {
  const timestamp = optionalTimestampOf(value);
  return timestamp === null ? null : timestamp.slice(0, 10);
}

/** F_ARTICLE: AR_PrixVenNouv from AR_DateApplication; none without a day or a price above 0. */
export function scheduledArticlePriceOf(row: {
  AR_PrixVenNouv: DbDecimal | null;
  AR_DateApplication: DbDate | null;
}): ScheduledArticlePrice | null {
  const day = applicationDayOf(row.AR_DateApplication);
  const salePrice = decimalOf(row.AR_PrixVenNouv);
  // A new price of 0 is "nothing scheduled", not a free article.
  if (day === null || !isPositive(salePrice)) return null;
  return { day, salePrice };
}

/** F_ARTCLIENT: the row's new price, coefficient and discount; none without a day or a value. */
export function scheduledRowPriceOf(row: {
  AC_PrixVenNouv: DbDecimal | null;
  AC_CoefNouv: DbDecimal | null;
  AC_RemiseNouv: DbDecimal | null;
  AC_DateApplication: DbDate | null;
}): ScheduledArticleRowPrice | null {
  const day = applicationDayOf(row.AC_DateApplication);
  if (day === null) return null;
  const scheduled = {
    day,
    price: decimalOf(row.AC_PrixVenNouv),
    coefficient: decimalOf(row.AC_CoefNouv),
    discountRate: decimalOf(row.AC_RemiseNouv),
  };
  // All three at 0: a date left without values schedules nothing.
  const { price, coefficient, discountRate } = scheduled;
  return price === '0' && coefficient === '0' && discountRate === '0' ? null : scheduled;
}

function isPositive(decimal: string): boolean {
  return decimal !== '0' && !decimal.startsWith('-');
}

/**
 * The rows whose scheduled values start on a day after `afterDay` and up to `upToDay` (both
 * "YYYY-MM-DD"): what became due since the last price sync. Only keys; the values are in the
 * price data loaded after. Rows whose values would be ignored (see above) come too: projecting
 * them again costs an evaluation, not a write.
 */
export async function readDatesReached(
  db: SageDb,
  afterDay: string,
  upToDay: string,
): Promise<DatesReached> {
  // Dates are stored at midnight; comparing the timestamps with the next days' midnights keeps
  // both the embedded ISO text and SQL Server's datetime exact.
  const from = `${nextDay(afterDay)}T00:00:00.000`;
  const until = `${nextDay(upToDay)}T00:00:00.000`;
  const articles = await db
    .selectFrom('F_ARTICLE as a')
    .select('a.AR_Ref')
    .where('a.AR_DateApplication', '>=', from)
    .where('a.AR_DateApplication', '<', until)
    .execute();
  const rows = await db
    .selectFrom('F_ARTCLIENT as p')
    .select(['p.AR_Ref', 'p.AC_Categorie', 'p.CT_Num'])
    .where('p.AC_DateApplication', '>=', from)
    .where('p.AC_DateApplication', '<', until)
    .execute();
  return {
    articles: articles.map((a) => normaliseKey(a.AR_Ref)).filter((r) => r !== ''),
    articlePrices: rows
      .map((r) => ({
        articleReference: normaliseKey(r.AR_Ref),
        customerAccount: r.AC_Categorie === 0 ? normaliseKey(r.CT_Num) : '',
      }))
      .filter((r) => r.articleReference !== ''),
  };
}
