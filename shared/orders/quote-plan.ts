import Big from 'big.js';
import { OrderProblemTypes, type OrderProblemType } from './states';
import type { PriceDifference, WebOrder } from './types';

/** What the import knows of an article (from Sage), keyed by reference. */
export interface PlanArticle {
  reference: string;
  designation: string;
  sleeping: boolean;
  packagings: { packagingNo: number; label: string; quantity: string; reference: string }[];
}

/** One quote line to write (structurally the Sage writer's QuoteLineInput). */
export interface PlannedLine {
  articleReference: string;
  quantity: string;
  unitPrice: string;
  depotNo: number;
  unitLabel?: string;
  /** Set when the line is flagged (price difference); else the writer uses the article's. */
  designation?: string;
}

export interface OrderProblem {
  type: OrderProblemType;
  message: string;
}

/** Expected net unit price (per package when `packagingNo` is given), or undefined if unknown. */
export type ExpectedPrice = (query: {
  article: string;
  quantity: string;
  packagingNo?: number;
}) => string | undefined;

export interface QuotePlan {
  lines: PlannedLine[];
  problems: OrderProblem[];
  priceDifferences: PriceDifference[];
}

/** A SKU resolved to a Sage article, and the packaging when the SKU is a packaging variation. */
export interface ResolvedSku {
  article: PlanArticle;
  packaging?: PlanArticle['packagings'][number];
}

/**
 * SKU → article. A SKU is an article reference (simple products and variations of a master
 * reference), or a packaging variation: the packaging's own reference, else `<reference>-<no>`
 * (the catalog projection's rule).
 */
export function resolveSku(
  sku: string,
  articles: ReadonlyMap<string, PlanArticle>,
): ResolvedSku | undefined {
  const direct = articles.get(sku.toUpperCase());
  if (direct) return { article: direct };
  const base = articles.get(packagingBaseOf(sku).toUpperCase());
  if (!base) return undefined;
  const packaging = base.packagings.find(
    (p) =>
      p.reference.trim().toUpperCase() === sku.toUpperCase() ||
      `${base.reference}-${p.packagingNo}`.toUpperCase() === sku.toUpperCase(),
  );
  return packaging ? { article: base, packaging } : undefined;
}

/** The article reference a packaging SKU may belong to (`RAC-12-10` → `RAC-12`). */
export function packagingBaseOf(sku: string): string {
  return sku.replace(/-\d+$/, '');
}

/** References to read from Sage for an order's SKUs (each SKU and its packaging base). */
export function referencesToRead(order: WebOrder): string[] {
  const refs = order.lines.flatMap((l) => (l.sku ? [l.sku, packagingBaseOf(l.sku)] : []));
  return [...new Set(refs)];
}

/**
 * Builds the quote lines of a web order, or the business problems that prevent it: a line
 * without SKU or with an unknown one, a sleeping article, a quantity that is not a positive
 * number. Every line gets the customer's home depot. Prices: the Sage price when the web price
 * matches it (within `tolerance`), else the web price — what the customer agreed to — and the
 * difference is reported so the quote can be flagged.
 */
export function planQuote(
  order: WebOrder,
  depotNo: number,
  articles: ReadonlyMap<string, PlanArticle>,
  expected: ExpectedPrice,
  tolerance: string,
): QuotePlan {
  const problems: OrderProblem[] = [];
  const lines: PlannedLine[] = [];
  const priceDifferences: PriceDifference[] = [];
  if (order.lines.length === 0) {
    problems.push({ type: OrderProblemTypes.invalidOrder, message: 'the order has no lines' });
  }
  for (const line of order.lines) {
    const label = line.sku || `line ${line.lineId} (${line.name})`;
    if (!isPositive(line.quantity)) {
      problems.push({
        type: OrderProblemTypes.invalidOrder,
        message: `${label}: quantity ${line.quantity} is not positive`,
      });
      continue;
    }
    const resolved = line.sku ? resolveSku(line.sku, articles) : undefined;
    if (!resolved) {
      problems.push({
        type: OrderProblemTypes.unknownSku,
        message: line.sku
          ? `SKU ${line.sku} matches no Sage article`
          : `line ${line.lineId} (${line.name}) has no SKU`,
      });
      continue;
    }
    const { article, packaging } = resolved;
    if (article.sleeping) {
      problems.push({
        type: OrderProblemTypes.sleepingArticle,
        message: `article ${article.reference} is asleep in Sage`,
      });
      continue;
    }
    const sagePrice = expected({
      article: article.reference,
      quantity: line.quantity,
      ...(packaging ? { packagingNo: packaging.packagingNo } : {}),
    });
    const matches =
      sagePrice !== undefined &&
      new Big(sagePrice).minus(line.unitPrice).abs().lte(new Big(tolerance));
    if (sagePrice !== undefined && !matches) {
      priceDifferences.push({
        sku: line.sku,
        quantity: line.quantity,
        webPrice: line.unitPrice,
        sagePrice,
      });
    }
    const packagePrice = matches ? (sagePrice as string) : line.unitPrice;
    const flag =
      sagePrice !== undefined && !matches
        ? { designation: flaggedDesignation(line.unitPrice, sagePrice, article.designation) }
        : {};
    lines.push(
      packaging
        ? {
            ...flag,
            articleReference: article.reference,
            // Sage counts sales units: packages × units per package, at the unit price.
            quantity: new Big(line.quantity).times(packaging.quantity).toFixed(),
            unitPrice: new Big(packagePrice).div(packaging.quantity).round(6).toFixed(),
            depotNo,
            unitLabel: packaging.label.slice(0, 21),
          }
        : {
            ...flag,
            articleReference: article.reference,
            quantity: line.quantity,
            unitPrice: packagePrice,
            depotNo,
          },
    );
  }
  return { lines, problems, priceDifferences };
}

function isPositive(value: string): boolean {
  try {
    return new Big(value).gt(0);
  } catch {
    return false;
  }
}

/**
 * The flag a sales rep sees on a quote line whose web price differs from Sage's: the line
 * designation starts with both prices (DL_Design holds 69 characters).
 */
export function flaggedDesignation(
  webPrice: string,
  sagePrice: string,
  designation: string,
): string {
  const money = (v: string) => new Big(v).toFixed(2);
  return `[PRIX WEB ${money(webPrice)} ≠ SAGE ${money(sagePrice)}] ${designation}`.slice(0, 69);
}

/** What the import knows of the Sage customer of an order. */
export interface PlanCustomer {
  account: string;
  sleeping: boolean;
  /** The account's default home depot (customer sync's rule), if any. */
  depotNo: number | null;
}

/**
 * The customer side of an import: the Sage account must be mapped and open, and the lines need
 * a depot — the customer's home depot (customer meta), else the account's default one.
 */
export function customerCheck(
  order: WebOrder,
  customer: PlanCustomer | undefined,
): { depotNo: number } | { problem: OrderProblem } {
  if (order.sageAccount === '') {
    return {
      problem: {
        type: OrderProblemTypes.unmappedCustomer,
        message: `shop customer ${order.customerId} has no Sage account number`,
      },
    };
  }
  if (!customer) {
    return {
      problem: {
        type: OrderProblemTypes.unknownCustomer,
        message: `Sage account ${order.sageAccount} does not exist`,
      },
    };
  }
  if (customer.sleeping) {
    return {
      problem: {
        type: OrderProblemTypes.closedAccount,
        message: `Sage account ${customer.account} is closed (asleep)`,
      },
    };
  }
  const depotNo = order.homeDepot ?? customer.depotNo;
  if (depotNo === null) {
    return {
      problem: {
        type: OrderProblemTypes.noHomeDepot,
        message: `account ${customer.account} has no home depot`,
      },
    };
  }
  return { depotNo };
}
