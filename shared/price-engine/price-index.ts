import type {
  ArticleRow,
  CompiledArticle,
  CompiledCustomer,
  CompiledDiscount,
  CompiledGrid,
  CompiledParty,
  CompiledRange,
  FamilyCategoryRow,
  GrossPrice,
  PriceIndex,
} from './compiled';
import { CategoryView, baseAt, packagingKey, type ScheduledBase } from './compiled';
import { clampRate, compileDiscount, percentDiscount, type RawStep } from './compile-discount';
import {
  ALWAYS_FROM,
  ALWAYS_TO,
  chainVersions,
  dayOf,
  mapChain,
  pickAt,
  type Dated,
  type Version,
} from './dated';
import { Fixed, compare, parseFixed, sign } from './fixed';
import { grossPrice, levelPrice, type PriceSource } from './gross';
import type {
  DiscountSource,
  PricingArticlePrice,
  PricingCustomer,
  PricingData,
  PricingFamilyCustomer,
  PricingIssue,
  PricingIssueKind,
  PricingOptions,
  PricingPackagingPrice,
  PricingQuantityRange,
  Validity,
} from './types';

export const DEFAULT_PRICING_OPTIONS: PricingOptions = Object.freeze({
  strategy: 'highest',
  unitPriceDecimals: 2,
  rounding: 'half-up',
  memberExceptionPrices: 'central-only',
  defaultVatRate: '20',
});

/**
 * Compiles price data into the index `evaluatePrice` reads. Pure and deterministic: the same
 * rows in any order give the same index (conflicting rows are resolved by a stable tie-break and
 * reported in `issues`).
 */
export function buildPriceIndex(
  data: PricingData,
  options: Partial<PricingOptions> = {},
): PriceIndex {
  return new IndexBuilder({ ...DEFAULT_PRICING_OPTIONS, ...options }).build(data);
}

interface ArticleBase {
  reference: string;
  familyCode: string;
  purchasePrice: Fixed;
  vatRate: Fixed;
  /** The rates of the accounting categories that differ from `vatRate`. */
  vatByCategory: Map<number, Fixed>;
  base: GrossPrice;
  baseByVat: ReadonlyMap<number, GrossPrice> | null;
  scheduledBase: ScheduledBase | null;
  packagings: Map<number, Fixed>;
}

interface PartyDraft {
  account: string;
  category: number;
  customerDiscount: CompiledDiscount | null;
  familyVersions: Map<string, Version<CompiledDiscount | null>[]>;
  exceptionVersions: Map<string, Version<ArticleRow>[]>;
  packagingVersions: Map<string, Version<GrossPrice>[]>;
}

class IndexBuilder {
  private readonly issues: PricingIssue[] = [];

  constructor(private readonly options: PricingOptions) {
    if (!Number.isInteger(options.unitPriceDecimals) || options.unitPriceDecimals < 0) {
      throw new RangeError('unitPriceDecimals must be an integer from 0 to 6');
    }
    if (options.unitPriceDecimals > 6) throw new RangeError('unitPriceDecimals must be at most 6');
  }

  build(data: PricingData): PriceIndex {
    const articles = this.articleBases(data);
    const customers = this.uniqueCustomers(data.customers);
    const parties = this.partyDrafts(customers);
    const categoryRows = new Map<string, Version<ArticleRow>[]>();
    for (const row of data.articlePrices)
      this.addArticlePrice(row, articles, parties, categoryRows);
    const familyCategory = this.familyCategoryChains(data);
    for (const row of data.familyCustomerDiscounts) this.addFamilyCustomer(row, parties);
    const categoryPackaging = new Map<string, Version<GrossPrice>[]>();
    for (const row of data.packagingPrices) {
      this.addPackagingPrice(row, articles, parties, categoryPackaging);
    }
    const grids = this.grids(data.quantityRanges, articles);

    const compiledParties = new Map<string, CompiledParty>();
    for (const [account, draft] of parties)
      compiledParties.set(account, this.compileParty(draft, grids));
    const usedCategories = new Set([...parties.values()].map((party) => party.category));
    const compiledArticles = new Map<string, CompiledArticle>();
    for (const article of articles.values()) {
      compiledArticles.set(
        article.reference,
        this.compileArticle(
          article,
          categoryRows,
          familyCategory,
          categoryPackaging,
          grids,
          usedCategories,
        ),
      );
    }
    const compiledCustomers = this.customers(customers, compiledParties);
    this.issues.sort(
      (a, b) => cmp(a.kind, b.kind) || cmp(a.key, b.key) || cmp(a.detail ?? '', b.detail ?? ''),
    );
    return Object.freeze({
      options: Object.freeze({ ...this.options }),
      customers: compiledCustomers,
      articles: compiledArticles,
      issues: Object.freeze(this.issues),
    });
  }

  private articleBases(data: PricingData): Map<string, ArticleBase> {
    const byReference = new Map<string, Version<PricingData['articles'][number]>[]>();
    for (const article of data.articles) {
      push(byReference, article.reference, {
        from: '',
        to: '',
        value: article,
        tieBreak: canonical(article),
      });
    }
    const out = new Map<string, ArticleBase>();
    for (const [reference, versions] of byReference) {
      const { chain, dropped } = chainVersions(versions);
      if (dropped.length > 0) this.issue('duplicate-row', reference, 'F_ARTICLE');
      const article = chain.value;
      const salePrice = this.decimal(article.salePrice, reference);
      const purchasePrice = this.decimal(article.purchasePrice, reference);
      const coefficient = this.decimal(article.coefficient, reference);
      const vatRate = this.decimal(article.vatRate ?? this.options.defaultVatRate, reference);
      if (!salePrice || !purchasePrice || !coefficient || !vatRate) continue;
      const vatByCategory = new Map<number, Fixed>();
      for (const [category, text] of Object.entries(article.vatRates ?? {})) {
        const rate = this.decimal(text, `${reference} (VAT of accounting category ${category})`);
        if (rate && compare(rate, vatRate) !== 0) vatByCategory.set(Number(category), rate);
      }
      const priceIncludesTax = article.salePriceIncludesTax ?? false;
      const rules = { price: 'article-base', coefficient: 'article-coefficient' } as const;
      const baseAtRate = (source: PriceSource, rate: Fixed) =>
        levelPrice(source, purchasePrice, rate, rules, this.options) ??
        grossPrice(new Fixed(0, null, 0), 'article-base', this.options);
      const baseOf = (source: PriceSource) => ({
        base: baseAtRate(source, vatRate),
        baseByVat: byVat(source, vatByCategory, (rate) => baseAtRate(source, rate)),
      });
      const { base, baseByVat } = baseOf({ price: salePrice, priceIncludesTax, coefficient });
      let scheduledBase: ScheduledBase | null = null;
      if (article.scheduledPrice) {
        const newPrice = this.decimal(article.scheduledPrice.salePrice, `${reference} (scheduled)`);
        // The new sales price replaces the old one only: tax flag and coefficient stay.
        if (newPrice) {
          scheduledBase = Object.freeze({
            from: dayOf(article.scheduledPrice.from, ALWAYS_FROM),
            ...baseOf({ price: newPrice, priceIncludesTax, coefficient }),
          });
        }
      }
      const packagings = new Map<number, Fixed>();
      for (const packaging of article.packagings ?? []) {
        const quantity = this.decimal(packaging.quantity, `${reference}/${packaging.packagingNo}`);
        if (quantity && sign(quantity) > 0) packagings.set(packaging.packagingNo, quantity);
      }
      out.set(reference, {
        reference,
        familyCode: article.familyCode,
        purchasePrice,
        vatRate,
        vatByCategory,
        base,
        baseByVat,
        scheduledBase,
        packagings,
      });
    }
    return out;
  }

  /** One record per account; of duplicates, the same one whatever the input order. */
  private uniqueCustomers(customers: PricingCustomer[]): PricingCustomer[] {
    const sorted = [...customers].sort((a, b) => cmp(canonical(b), canonical(a)));
    const seen = new Set<string>();
    return sorted.filter((customer) => {
      if (seen.has(customer.account)) {
        this.issue('duplicate-row', customer.account, 'F_COMPTET');
        return false;
      }
      seen.add(customer.account);
      return true;
    });
  }

  private partyDrafts(customers: PricingCustomer[]): Map<string, PartyDraft> {
    const out = new Map<string, PartyDraft>();
    for (const customer of customers) {
      const rate = this.decimal(customer.discountRate, customer.account) ?? new Fixed(0, null, 0);
      out.set(customer.account, {
        account: customer.account,
        category: customer.priceCategory,
        customerDiscount: this.percent('customer', rate, customer.account),
        familyVersions: new Map(),
        exceptionVersions: new Map(),
        packagingVersions: new Map(),
      });
    }
    return out;
  }

  private addArticlePrice(
    row: PricingArticlePrice,
    articles: Map<string, ArticleBase>,
    parties: Map<string, PartyDraft>,
    categoryRows: Map<string, Version<ArticleRow>[]>,
  ): void {
    const isCustomerRow = row.category === 0;
    const key = `${row.articleReference}/${isCustomerRow ? row.customerAccount : `a${row.category}`}`;
    const article = articles.get(row.articleReference);
    if (!article) {
      this.issue('unknown-article', key, 'F_ARTCLIENT');
      return;
    }
    const rowValue = (
      values: Pick<PricingArticlePrice, 'price' | 'coefficient' | 'discountRate'>,
    ) => {
      const price = this.decimal(values.price, key);
      const coefficient = this.decimal(values.coefficient, key);
      const rate = this.decimal(values.discountRate, key);
      if (!price || !coefficient || !rate) return undefined;
      const source = { price, priceIncludesTax: row.priceIncludesTax ?? false, coefficient };
      const grossAt = (vatRate: Fixed) =>
        levelPrice(
          source,
          article.purchasePrice,
          vatRate,
          isCustomerRow
            ? { price: 'customer-price', coefficient: 'customer-coefficient' }
            : { price: 'category-price', coefficient: 'category-coefficient' },
          this.options,
        );
      const value: ArticleRow = {
        gross: grossAt(article.vatRate),
        vatGross: byVat(source, article.vatByCategory, grossAt),
        discount: this.percent(isCustomerRow ? 'article-customer' : 'article-category', rate, key),
        excludedFromDiscounts: row.excludedFromDiscounts,
        gridKind: row.gridKind,
        grid: null,
      };
      return value;
    };
    const value = rowValue(row);
    if (!value) return;
    const versions = [this.version(row, value, row.rowId)];
    // Scheduled values: a second version from their day, which wins over the row's own values
    // from then on (the version that started most recently wins, dated.ts).
    const scheduled = row.scheduled ? rowValue(row.scheduled) : undefined;
    if (row.scheduled && scheduled) {
      const from = dayOf(row.scheduled.from, ALWAYS_FROM);
      versions.push({ ...this.version(row, scheduled, row.rowId), from });
    }
    for (const version of versions) {
      if (isCustomerRow) {
        const party = this.partyOf(parties, row.customerAccount, 'F_ARTCLIENT');
        if (party) push(party.exceptionVersions, row.articleReference, version);
      } else {
        push(categoryRows, `${row.articleReference}\u0000${row.category}`, version);
      }
    }
  }

  private addFamilyCustomer(row: PricingFamilyCustomer, parties: Map<string, PartyDraft>): void {
    const key = `${row.customerAccount}/${row.familyCode}`;
    const party = this.partyOf(parties, row.customerAccount, 'F_FAMCLIENT');
    const rate = this.decimal(row.discountRate, key);
    if (!party || !rate) return;
    const discount = this.percent('family-customer', rate, key);
    push(party.familyVersions, row.familyCode, this.version(row, discount));
  }

  private addPackagingPrice(
    row: PricingPackagingPrice,
    articles: Map<string, ArticleBase>,
    parties: Map<string, PartyDraft>,
    categoryPackaging: Map<string, Version<GrossPrice>[]>,
  ): void {
    const key = `${row.articleReference}/${row.packagingNo}`;
    if (!articles.has(row.articleReference)) {
      this.issue('unknown-article', key, 'F_TARIFCOND');
      return;
    }
    const price = this.decimal(row.price, key);
    if (!price) return;
    if (row.customerAccount) {
      const party = this.partyOf(parties, row.customerAccount, 'F_TARIFCOND');
      const gross = grossPrice(price, 'customer-packaging-price', this.options);
      const partyKey = packagingKey(row.articleReference, row.packagingNo);
      if (party) push(party.packagingVersions, partyKey, this.version(row, gross));
    } else if (row.category) {
      const gross = grossPrice(price, 'category-packaging-price', this.options);
      const categoryKey = `${row.articleReference}\u0000${row.packagingNo}\u0000${row.category}`;
      push(categoryPackaging, categoryKey, this.version(row, gross));
    } else {
      this.issue('row-without-target', key, 'F_TARIFCOND');
    }
  }

  private familyCategoryChains(data: PricingData): Map<string, Dated<FamilyCategoryRow>> {
    const versions = new Map<string, Version<FamilyCategoryRow>[]>();
    for (const row of data.familyCategoryPrices) {
      const key = `${row.familyCode}/a${row.category}`;
      const rate = this.decimal(row.discountRate, key);
      if (!rate) continue;
      const value = {
        discount: this.percent('family-category', rate, key),
        excludedFromDiscounts: row.excludedFromDiscounts,
      };
      push(versions, `${row.familyCode}\u0000${row.category}`, this.version(row, value));
    }
    return this.chains(versions, 'F_FAMTARIF');
  }

  /** Ranges grouped by `article \0 target` ('aNN' or the account), ascending bounds. */
  private grids(
    ranges: PricingQuantityRange[],
    articles: Map<string, ArticleBase>,
  ): Map<string, CompiledRange[]> {
    const grouped = new Map<string, { range: CompiledRange; tieBreak: string }[]>();
    for (const range of ranges) {
      const target = range.customerAccount
        ? range.customerAccount
        : range.category
          ? `a${range.category}`
          : '';
      const key = `${range.articleReference}/${target}/${range.upperBound}`;
      if (target === '') {
        this.issue('row-without-target', key, 'F_TARIFQTE');
        continue;
      }
      if (!articles.has(range.articleReference)) {
        this.issue('unknown-article', key, 'F_TARIFQTE');
        continue;
      }
      const upperBound = this.decimal(range.upperBound, key);
      const netPrice = this.decimal(range.netPrice, key);
      if (!upperBound || !netPrice) continue;
      const steps: RawStep[] = [];
      for (const discount of range.discounts) {
        const value = this.decimal(discount.value, key);
        if (!value) continue;
        if (discount.type === 1) steps.push({ kind: 'percent', rate: this.clamped(value, key) });
        else if (discount.type === 0 && sign(value) > 0)
          steps.push({ kind: 'amount', amount: value });
        else if (sign(value) !== 0) {
          // REM_Type 2 (free units) changes quantities, not the unit price.
          this.issue('unsupported-discount-type', key, `REM_Type ${discount.type}`);
        }
      }
      const source: DiscountSource = range.customerAccount
        ? 'article-customer-grid'
        : 'article-category-grid';
      const compiled: CompiledRange = Object.freeze({
        upperBound,
        from: dayOf(range.validFrom, ALWAYS_FROM),
        to: dayOf(range.validTo, ALWAYS_TO),
        netPrice: sign(netPrice) > 0 ? netPrice : null,
        discount: compileDiscount(source, steps),
      });
      push(grouped, `${range.articleReference}\u0000${target}`, {
        range: compiled,
        tieBreak: canonical(range),
      });
    }
    const out = new Map<string, CompiledRange[]>();
    for (const [key, entries] of grouped) {
      entries.sort(
        (a, b) =>
          compare(a.range.upperBound, b.range.upperBound) ||
          cmp(b.range.from, a.range.from) ||
          cmp(a.range.to, b.range.to) ||
          cmp(b.tieBreak, a.tieBreak),
      );
      const kept: CompiledRange[] = [];
      for (const { range } of entries) {
        const previous = kept[kept.length - 1];
        const same =
          previous &&
          compare(previous.upperBound, range.upperBound) === 0 &&
          previous.from === range.from &&
          previous.to === range.to;
        if (same) this.issue('duplicate-row', key.split('\u0000').join('/'), 'F_TARIFQTE');
        else kept.push(range);
      }
      out.set(key, kept);
    }
    return out;
  }

  private compileParty(draft: PartyDraft, grids: Map<string, CompiledRange[]>): CompiledParty {
    const exceptions = this.chains(
      draft.exceptionVersions,
      'F_ARTCLIENT',
      (ref) => `${ref}/${draft.account}`,
    );
    for (const [reference, chain] of exceptions) {
      exceptions.set(reference, withGrid(chain, grids.get(`${reference}\u0000${draft.account}`)));
    }
    const familyDiscounts = this.chains(
      draft.familyVersions,
      'F_FAMCLIENT',
      (family) => `${draft.account}/${family}`,
    );
    return Object.freeze({
      account: draft.account,
      category: draft.category,
      customerDiscount: draft.customerDiscount,
      familyDiscounts,
      exceptions,
      packagingPrices: this.chains(
        draft.packagingVersions,
        'F_TARIFCOND',
        (key) => `${key}/${draft.account}`,
      ),
      hasExceptions: exceptions.size > 0,
      hasFamilyDiscounts: familyDiscounts.size > 0,
    });
  }

  private compileArticle(
    article: ArticleBase,
    categoryRowVersions: Map<string, Version<ArticleRow>[]>,
    familyCategory: Map<string, Dated<FamilyCategoryRow>>,
    categoryPackaging: Map<string, Version<GrossPrice>[]>,
    grids: Map<string, CompiledRange[]>,
    usedCategories: Set<number>,
  ): CompiledArticle {
    const categoryRows: (Dated<ArticleRow> | undefined)[] = [];
    const families: (Dated<FamilyCategoryRow> | undefined)[] = [];
    const views: (CategoryView | undefined)[] = [];
    const packagingPrices = new Map<number, (Dated<GrossPrice> | undefined)[]>();
    for (let category = 1; category <= MAX_CATEGORY; category++) {
      const versions = categoryRowVersions.get(`${article.reference}\u0000${category}`);
      if (versions) {
        const chain = this.chain(versions, 'F_ARTCLIENT', `${article.reference}/a${category}`);
        categoryRows[category] = withGrid(
          chain,
          grids.get(`${article.reference}\u0000a${category}`),
        );
      }
      families[category] = familyCategory.get(`${article.familyCode}\u0000${category}`);
      // A scheduled base price makes the view depend on the day: the general path decides.
      if (usedCategories.has(category) && article.scheduledBase === null) {
        views[category] = categoryView(article.base, categoryRows[category], families[category]);
      }
      for (const packagingNo of article.packagings.keys()) {
        const key = `${article.reference}\u0000${packagingNo}\u0000${category}`;
        const prices = categoryPackaging.get(key);
        if (!prices) continue;
        const byCategory = packagingPrices.get(packagingNo) ?? [];
        byCategory[category] = this.chain(prices, 'F_TARIFCOND', key);
        packagingPrices.set(packagingNo, byCategory);
      }
    }
    return Object.freeze({
      reference: article.reference,
      familyCode: article.familyCode,
      base: article.base,
      baseByVat: article.baseByVat,
      scheduledBase: article.scheduledBase,
      vatCategories: vatCategoriesOf(article, categoryRows),
      categoryRows,
      familyCategory: families,
      views,
      packagings: article.packagings,
      categoryPackagingPrices: packagingPrices,
    });
  }

  private customers(
    customers: PricingCustomer[],
    parties: Map<string, CompiledParty>,
  ): Map<string, CompiledCustomer> {
    const out = new Map<string, CompiledCustomer>();
    for (const customer of customers) {
      const own = parties.get(customer.account);
      if (!own) continue;
      let central: CompiledParty | undefined;
      if (customer.centralAccount !== '' && customer.centralAccount !== customer.account) {
        central = parties.get(customer.centralAccount);
        if (!central) this.issue('unknown-central', customer.account, customer.centralAccount);
      }
      const effective = central ?? own;
      out.set(
        customer.account,
        Object.freeze({
          account: effective.account,
          category: effective.category,
          customerDiscount: effective.customerDiscount,
          familyDiscounts: effective.familyDiscounts,
          exceptions: effective.exceptions,
          packagingPrices: effective.packagingPrices,
          hasExceptions: effective.hasExceptions,
          hasFamilyDiscounts: effective.hasFamilyDiscounts,
          customerAccount: customer.account,
          own: central && this.options.memberExceptionPrices === 'member-first' ? own : null,
          viaCentral: central !== undefined,
          // Only the account's own flag counts: a sleeping central still lends its conditions.
          sleeping: customer.sleeping === true,
          accountingCategory: customer.accountingCategory ?? 0,
        }),
      );
    }
    return out;
  }

  private chains<T>(
    versions: Map<string, Version<T>[]>,
    table: string,
    label: (key: string) => string = (key) => key,
  ): Map<string, Dated<T>> {
    const out = new Map<string, Dated<T>>();
    for (const [key, list] of versions) out.set(key, this.chain(list, table, label(key)));
    return out;
  }

  private chain<T>(versions: Version<T>[], table: string, key: string): Dated<T> {
    const { chain, dropped } = chainVersions(versions);
    for (let i = 0; i < dropped.length; i++)
      this.issue('duplicate-row', key.split('\u0000').join('/'), table);
    return chain;
  }

  private version<T>(row: Validity, value: T, rowId?: number): Version<T> {
    const tieBreak = rowId === undefined ? canonical(row) : String(rowId).padStart(12, '0');
    return {
      from: dayOf(row.validFrom, ALWAYS_FROM),
      to: dayOf(row.validTo, ALWAYS_TO),
      value,
      tieBreak,
    };
  }

  private percent(source: DiscountSource, rate: Fixed, key: string): CompiledDiscount | null {
    return percentDiscount(source, this.clamped(rate, key));
  }

  private clamped(rate: Fixed, key: string): Fixed {
    const result = clampRate(rate);
    if (result.clamped) this.issue('discount-out-of-range', key, 'rate outside 0…100 %, clamped');
    return result.rate;
  }

  private partyOf(
    parties: Map<string, PartyDraft>,
    account: string,
    table: string,
  ): PartyDraft | undefined {
    const party = parties.get(account);
    if (!party) this.issue('unknown-customer', account, table);
    return party;
  }

  private decimal(value: string, key: string): Fixed | undefined {
    try {
      return parseFixed(value);
    } catch {
      this.issue('invalid-number', key, JSON.stringify(value));
      return undefined;
    }
  }

  private issue(kind: PricingIssueKind, key: string, detail?: string): void {
    this.issues.push(detail === undefined ? { kind, key } : { kind, key, detail });
  }
}

/** P_CATTARIF has 32 slots. */
const MAX_CATEGORY = 32;

/**
 * A level's gross price for each accounting category whose VAT rate differs from the article's
 * (`rates`), when the level gives a tax-inclusive price; else null (the gross is the same for
 * every customer).
 */
function byVat(
  source: PriceSource,
  rates: ReadonlyMap<number, Fixed>,
  grossAt: (rate: Fixed) => GrossPrice | null,
): ReadonlyMap<number, GrossPrice> | null {
  if (!source.priceIncludesTax || sign(source.price) <= 0 || rates.size === 0) return null;
  const out = new Map<number, GrossPrice>();
  for (const [category, rate] of rates) {
    const gross = grossAt(rate);
    if (gross !== null) out.set(category, gross);
  }
  return out;
}

/** The accounting categories whose VAT changes the article's base or one of its category rows. */
function vatCategoriesOf(
  article: ArticleBase,
  categoryRows: readonly (Dated<ArticleRow> | undefined)[],
): ReadonlySet<number> | null {
  let taxInclusive = article.baseByVat !== null || article.scheduledBase?.baseByVat != null;
  for (const chain of categoryRows) {
    for (let e = chain ?? null; !taxInclusive && e !== null; e = e.next) {
      taxInclusive = e.value.vatGross !== null;
    }
  }
  return taxInclusive ? new Set(article.vatByCategory.keys()) : null;
}

/** The view of an article in a category, or undefined when its rows need the general path. */
function categoryView(
  base: GrossPrice,
  rows: Dated<ArticleRow> | undefined,
  families: Dated<FamilyCategoryRow> | undefined,
): CategoryView | undefined {
  const simple = (chain: Dated<unknown> | undefined) =>
    chain === undefined ||
    (chain.next === null && chain.from === ALWAYS_FROM && chain.to === ALWAYS_TO);
  if (!simple(rows) || !simple(families)) return undefined;
  return viewOf(base, rows?.value, families?.value);
}

/**
 * The view of an article in a category on `day`, whatever its rows' windows (a scheduled price
 * is a second window): what the engine computes on that day for an account without an
 * exception row, or undefined when the row in force declares a grid.
 */
export function categoryViewAt(
  article: CompiledArticle,
  category: number,
  day: string,
): CategoryView | undefined {
  return viewOf(
    baseAt(article, day),
    pickAt(article.categoryRows[category], day),
    pickAt(article.familyCategory[category], day),
  );
}

function viewOf(
  base: GrossPrice,
  row: ArticleRow | undefined,
  family: FamilyCategoryRow | undefined,
): CategoryView | undefined {
  if (row !== undefined && row.grid !== null) return undefined;
  const fromRow = row !== undefined && row.gross !== null;
  return new CategoryView(
    fromRow ? (row.gross as GrossPrice) : base,
    fromRow && row.excludedFromDiscounts,
    row?.discount ?? null,
    family?.discount ?? null,
    family?.excludedFromDiscounts ?? false,
  );
}

/** Attaches the grid of the row's target to every version that declares one. */
function withGrid(
  chain: Dated<ArticleRow>,
  ranges: CompiledRange[] | undefined,
): Dated<ArticleRow> {
  if (!ranges || ranges.length === 0) return chain;
  return mapChain(chain, (row) => {
    if (row.gridKind === 0) return row;
    const grid: CompiledGrid = Object.freeze({
      byAmount: row.gridKind === 2,
      ranges: Object.freeze(ranges),
    });
    return Object.freeze({ ...row, grid });
  });
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A stable text form of a row (keys sorted), used only to break ties between conflicting rows. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => cmp(a, b)),
        )
      : v,
  );
}
