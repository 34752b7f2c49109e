import { pricingDataFromSage, type PricingData } from '../../shared/price-engine';
import type { FreeFieldsConfig } from '../../shared/config/sage';
import {
  incrementalPriceData,
  type ArticlePriceData,
  type ArticlePriceSource,
  type IncrementalCandidate,
  type PartyPriceData,
} from '../../shared/price-sync/incremental-reads';
import { sameCategories, type PriceChanges } from '../../shared/price-sync/price-changes';
import { priceCategoriesOf } from '../../shared/price-sync/projection';
import type { PricingCustomer } from '../../shared/price-engine/types';
import type { ChangePage } from '../../shared/sage/types';
import { readArticlesByReference, readArticlesChangedSince } from '../sage/articles';
import { readCustomersChangedSince } from '../sage/customers';
import type { SageDb } from '../sage/db';
import type { ChangePageParams } from '../sage/paging';
import { readSalesVatRates } from '../sage/vat';
import {
  readArticlesOfFamilies,
  readArticlesThatMayLackARule,
  readExceptionArticleReferences,
  readPriceRowCategories,
  readPriceRowsOfArticles,
} from '../sage/price-rows';
import {
  readArticlePricesChangedSince,
  readFamilyCategoryPrices,
  readFamilyCustomerDiscountsChangedSince,
  readPackagingPricesChangedSince,
  readQuantityPriceRangesChangedSince,
} from '../sage/prices';

/**
 * Every price table of the Sage company, read through the Sage readers and turned into the
 * pricing engine's data (shared/price-engine). Used by the price sync, the parity check, the
 * expected order-line prices and the pricing bench.
 */
export async function loadPriceData(
  db: SageDb,
  freeFields?: FreeFieldsConfig,
): Promise<PricingData> {
  return { ...(await loadPartyPriceData(db)), ...(await loadArticlePriceData(db, freeFields)) };
}

/** The accounts' price data, whole: customers (and centrals), their family discounts, F_FAMTARIF. */
export async function loadPartyPriceData(db: SageDb): Promise<PartyPriceData> {
  const data = pricingDataFromSage({
    ...noRows,
    customers: await readAll((p) => readCustomersChangedSince(db, p)),
    familyCategoryPrices: await readFamilyCategoryPrices(db),
    familyCustomerDiscounts: await readAll((p) => readFamilyCustomerDiscountsChangedSince(db, p)),
  });
  return {
    customers: data.customers,
    familyCategoryPrices: data.familyCategoryPrices,
    familyCustomerDiscounts: data.familyCustomerDiscounts,
  };
}

/** The articles' price data, whole: articles, F_ARTCLIENT, F_TARIFQTE, F_TARIFCOND. */
async function loadArticlePriceData(
  db: SageDb,
  freeFields?: FreeFieldsConfig,
): Promise<ArticlePriceData> {
  return withSalesVat(
    db,
    articlePart(
      pricingDataFromSage({
        ...noRows,
        articles: await readAll((p) =>
          readArticlesChangedSince(db, { ...p, ...(freeFields ? { freeFields } : {}) }),
        ),
        articlePrices: await readAll((p) => readArticlePricesChangedSince(db, p)),
        quantityRanges: await readAll((p) => readQuantityPriceRangesChangedSince(db, p)),
        packagingPrices: await readAll((p) => readPackagingPricesChangedSince(db, p)),
      }),
    ),
  );
}

/**
 * The articles with a tax-inclusive price (AR_PrixTTC, or an F_ARTCLIENT row's AC_PrixTTC) get
 * their VAT rate for each accounting category in use (`vatRates`): the engine brings their
 * prices back to excl. tax with the customer's (docs/price-rules.md, "2. Gross price").
 */
async function withSalesVat(db: SageDb, data: ArticlePriceData): Promise<ArticlePriceData> {
  const taxInclusive = new Set(
    data.articlePrices.filter((r) => r.priceIncludesTax).map((r) => r.articleReference),
  );
  const articles = data.articles.filter(
    (a) => a.salePriceIncludesTax || taxInclusive.has(a.reference),
  );
  if (articles.length === 0) return data;
  const rates = await readSalesVatRates(db, articles);
  return {
    ...data,
    articles: data.articles.map((article) => {
      const vatRates = rates.get(article.reference.toUpperCase());
      return vatRates === undefined ? article : { ...article, vatRates };
    }),
  };
}

/** The articles' price data read from Sage, for a few articles or whole. */
export function sageArticlePriceSource(
  db: SageDb,
  freeFields?: FreeFieldsConfig,
): ArticlePriceSource {
  return {
    articlesOfFamilies: (familyCodes) => readArticlesOfFamilies(db, familyCodes),
    exceptionArticlesOf: (accounts) => readExceptionArticleReferences(db, accounts),
    articlesThatMayLackARule: () => readArticlesThatMayLackARule(db),
    rowsOf: async (references) => {
      const articles = await readArticlesByReference(
        db,
        references,
        freeFields ? { freeFields } : {},
      );
      const rows = await readPriceRowsOfArticles(db, references);
      return withSalesVat(
        db,
        articlePart(pricingDataFromSage({ ...noRows, ...rows, articles: articles.items })),
      );
    },
    everyRow: () => loadArticlePriceData(db, freeFields),
  };
}

/**
 * The price data of an incremental run (shared/price-sync/incremental-reads.ts): every account's,
 * and the articles' of those it evaluates; or why a full run is needed instead (the price
 * categories in use moved: every product's meta keys change). `candidatesOf` gives, of every
 * customer, those the run may project again and their last projected meta.
 */
export async function loadIncrementalPriceData(
  db: SageDb,
  input: {
    changes: PriceChanges;
    previousCategories: readonly number[];
    candidatesOf: (customers: readonly PricingCustomer[]) => Promise<IncrementalCandidate[]>;
    date: string;
    freeFields?: FreeFieldsConfig;
  },
): Promise<
  | { fullRunNeeded: string }
  | {
      fullRunNeeded: null;
      data: PricingData;
      categories: number[];
      candidates: IncrementalCandidate[];
      everyArticle: boolean;
    }
> {
  const parties = await loadPartyPriceData(db);
  const categories = priceCategoriesOf({
    customers: parties.customers,
    articlePrices: (await readPriceRowCategories(db)).map((category) => ({ category })),
  });
  if (!sameCategories(categories, input.previousCategories)) {
    return { fullRunNeeded: 'the price categories in use changed' };
  }
  const candidates = await input.candidatesOf(parties.customers);
  const { data, everyArticle } = await incrementalPriceData(
    sageArticlePriceSource(db, input.freeFields),
    parties,
    input.changes,
    candidates,
    input.date,
  );
  return { fullRunNeeded: null, data, categories, candidates, everyArticle };
}

const noRows = {
  articles: [],
  customers: [],
  articlePrices: [],
  familyCategoryPrices: [],
  familyCustomerDiscounts: [],
  quantityRanges: [],
  packagingPrices: [],
};

function articlePart(data: PricingData): ArticlePriceData {
  return {
    articles: data.articles,
    articlePrices: data.articlePrices,
    quantityRanges: data.quantityRanges,
    packagingPrices: data.packagingPrices,
  };
}

async function readAll<T>(
  read: (params: ChangePageParams) => Promise<ChangePage<T>>,
): Promise<T[]> {
  const items: T[] = [];
  let after: ChangePageParams['after'] = null;
  for (;;) {
    const page = await read({ after, limit: 5_000 });
    items.push(...page.items);
    if (page.nextKey === null) return items;
    after = page.nextKey;
  }
}
