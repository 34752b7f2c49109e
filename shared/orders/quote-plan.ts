import Big from 'big.js';
import { OrderProblemTypes, type OrderProblemType } from './states';
import type { PriceDifference, WebOrder, WebOrderLine } from './types';
import { isDecimalString } from './web-order';

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
}

/** Accepted quantity of a line: min < quantity ≤ max (orders.lineQuantity). */
export interface QuantityBounds {
  min: string;
  max: string;
}

export const DEFAULT_QUANTITY_BOUNDS: QuantityBounds = { min: '0', max: '100000' };

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

/** How the operator finds a line in the shop order: its SKU and the product name. */
export function lineLabel(line: Pick<WebOrderLine, 'sku' | 'name'>): string {
  return `${line.sku === '' ? 'line without SKU' : `SKU ${line.sku}`} "${line.name}"`;
}

/**
 * The numbers of a line the quote would carry: quantity and total plain decimal strings (the
 * shop sends them; anything else is a broken order, never guessed), min < quantity ≤ max, total
 * above 0. Returns the problem, or undefined when the line is sound.
 */
export function lineNumbersProblem(
  line: WebOrderLine,
  bounds: QuantityBounds = DEFAULT_QUANTITY_BOUNDS,
): string | undefined {
  if (!isDecimalString(line.quantity)) return `quantity "${line.quantity}" is not a number`;
  const quantity = new Big(line.quantity);
  if (quantity.lte(bounds.min) || quantity.gt(bounds.max)) {
    return `quantity ${line.quantity} is outside the accepted range (${bounds.min} < quantity ≤ ${bounds.max})`;
  }
  if (!isDecimalString(line.total)) return `line total "${line.total}" is not a decimal amount`;
  if (new Big(line.total).lte(0)) return `line total ${line.total} is not above 0`;
  if (!isDecimalString(line.unitPrice)) return `unit price "${line.unitPrice}" is not a number`;
  return undefined;
}

/**
 * Builds the quote lines of a web order, or the business problems that prevent it: an order
 * total that is not a decimal above 0, a line whose quantity or total is not a number, a
 * quantity outside `bounds`, a line total not above 0 (each named by SKU and product name), a
 * line without SKU or with an unknown one, a sleeping article. Every line gets the customer's
 * home depot. Prices: the Sage price when the web price matches it (within `tolerance`), else
 * the web price — what the customer agreed to — and the difference is reported so the quote can
 * be flagged (in an internal header field, never in the line designation: see priceFlagText).
 */
export function planQuote(
  order: WebOrder,
  depotNo: number,
  articles: ReadonlyMap<string, PlanArticle>,
  expected: ExpectedPrice,
  tolerance: string,
  bounds: QuantityBounds = DEFAULT_QUANTITY_BOUNDS,
): QuotePlan {
  const problems: OrderProblem[] = [];
  const lines: PlannedLine[] = [];
  const priceDifferences: PriceDifference[] = [];
  if (order.lines.length === 0) {
    problems.push({ type: OrderProblemTypes.invalidOrder, message: 'the order has no lines' });
  }
  if (!isDecimalString(order.total)) {
    problems.push({
      type: OrderProblemTypes.invalidOrder,
      message: `order total "${order.total}" is not a decimal amount`,
    });
  } else if (new Big(order.total).lte(0)) {
    problems.push({
      type: OrderProblemTypes.invalidOrder,
      message: `order total ${order.total} is not above 0`,
    });
  }
  for (const line of order.lines) {
    const numbers = lineNumbersProblem(line, bounds);
    if (numbers !== undefined) {
      problems.push({
        type: OrderProblemTypes.invalidOrder,
        message: `${lineLabel(line)}: ${numbers}`,
      });
      continue;
    }
    const resolved = line.sku ? resolveSku(line.sku, articles) : undefined;
    if (!resolved) {
      problems.push({
        type: OrderProblemTypes.unknownSku,
        message: line.sku
          ? `${lineLabel(line)} matches no Sage article`
          : `${lineLabel(line)}: the product has no SKU`,
      });
      continue;
    }
    const { article, packaging } = resolved;
    if (article.sleeping) {
      problems.push({
        type: OrderProblemTypes.sleepingArticle,
        message: `${lineLabel(line)}: article ${article.reference} is asleep in Sage`,
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
    lines.push(
      packaging
        ? {
            articleReference: article.reference,
            // Sage counts sales units: packages × units per package, at the unit price.
            quantity: new Big(line.quantity).times(packaging.quantity).toFixed(),
            unitPrice: new Big(packagePrice).div(packaging.quantity).round(6).toFixed(),
            depotNo,
            unitLabel: packaging.label.slice(0, 21),
          }
        : {
            articleReference: article.reference,
            quantity: line.quantity,
            unitPrice: packagePrice,
            depotNo,
          },
    );
  }
  return { lines, problems, priceDifferences };
}

/** Sage free fields of type text hold 69 characters. */
export const PRICE_FLAG_LENGTH = 69;

/**
 * The internal flag of a quote whose web prices differ from Sage's, for the header free field
 * the sales rep sees (orders.sageFields.priceFlag) — never the line designation, which is
 * printed on the customer's documents. Plain ASCII (any code page, no "≠"), one entry per
 * line: `RAC-12: PRIX WEB 38.81 <> SAGE 34.15`; entries that do not fit in 69 characters are
 * counted (`+2`), the full list is in the shop order's staff note and the workflow's query.
 */
export function priceFlagText(differences: readonly PriceDifference[]): string {
  const money = (v: string) => new Big(v).toFixed(2);
  const entries = differences.map(
    (d) => `${asciiOnly(d.sku)}: PRIX WEB ${money(d.webPrice)} <> SAGE ${money(d.sagePrice)}`,
  );
  for (let shown = entries.length; shown > 0; shown--) {
    const rest = entries.length - shown;
    const text = entries.slice(0, shown).join('; ') + (rest > 0 ? ` +${rest}` : '');
    if (text.length <= PRICE_FLAG_LENGTH) return text;
  }
  return entries.length === 0 ? '' : `PRIX WEB <> SAGE: ${entries.length} lignes`;
}

function asciiOnly(text: string): string {
  return text.normalize('NFKD').replace(/[^\x20-\x7e]/g, '');
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
