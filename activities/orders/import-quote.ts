import { secretValues, type Config } from '../../shared/config';
import { shopIdOf } from '../../shared/config/orders';
import { createRedactor } from '../woo/redact';
import {
  customerCheck,
  planQuote,
  priceFlagText,
  referencesToRead,
  type ExpectedPrice,
  type PlanArticle,
} from '../../shared/orders/quote-plan';
import { sageReferenceOf } from '../../shared/orders/sage-reference';
import { OrderProblemTypes } from '../../shared/orders/states';
import type { ImportResult, WebOrder } from '../../shared/orders/types';
import { homeDepotFor } from '../../shared/customers/home-depot';
import { readArticlesByReference } from '../sage/articles';
import { readDepots } from '../sage/stock';
import { readCustomer } from '../sage/customers';
import type { SageDb } from '../sage/db';
import { findDocumentForWebOrder, type HeaderField } from '../sage/quotes';
import { createSqlSageWriter, writerOptionsFrom } from '../sage/writer';
import { OrderProblemError } from './failures';
import type { OrderPriceIndex } from './order-price-index';

export interface ImportOptions {
  /** The operator accepted the price differences of a blocked import (retry signal). */
  acceptPriceDifferences?: boolean;
}

/**
 * Imports a web order as a Sage quote, or finds the one an earlier attempt made. The web order
 * is identified by its Sage reference (the shop order number mapped by orders.sageReference,
 * DO_Ref/DO_NoWeb), its customer (DO_Tiers) and its shop (header free field
 * orders.sageFields.shop): the writer looks it up inside its write transaction, so retries,
 * duplicate workflows and crashed workers never create a second quote, and a document of
 * another customer or shop under the same reference is WebOrderNumberTaken, never linked.
 * Business problems (unmapped or closed customer, unknown SKU, sleeping article, malformed or
 * out-of-range numbers, a reference that does not fit, a blocking price difference) are thrown
 * as OrderProblemError for the operator.
 */
export async function importWebOrder(
  db: SageDb,
  prices: OrderPriceIndex,
  config: Config,
  order: WebOrder,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const mapped = sageReferenceOf(order.number, config.orders.sageReference);
  if ('problem' in mapped) throw new OrderProblemError(mapped.problem);
  const reference = mapped.reference;
  const shop = shopFieldOf(config);
  // Already imported (an earlier attempt committed): nothing else is read. Throws
  // WebOrderNumberTakenError when the reference is another customer's or shop's.
  const existing =
    order.sageAccount === ''
      ? undefined
      : await findDocumentForWebOrder(db, {
          webOrderNumber: reference,
          customerAccount: order.sageAccount,
          ...(shop ? { shop } : {}),
        });
  if (existing) {
    return {
      quote: existing.quotePiece,
      created: false,
      priceDifferences: [],
      priceCheckDone: false,
    };
  }
  const customer = order.sageAccount ? await readCustomer(db, order.sageAccount) : undefined;
  // Without the home-depot meta, the customer sync's own rule picks the depot it would send.
  const defaultDepot =
    customer && order.homeDepot === null
      ? (homeDepotFor(customer, await readDepots(db), config.customers.homeDepot)?.depotNo ?? null)
      : null;
  const checked = customerCheck(
    order,
    customer && { account: customer.account, sleeping: customer.sleeping, depotNo: defaultDepot },
  );
  if ('problem' in checked) throw new OrderProblemError(checked.problem);
  const account = customer?.account ?? order.sageAccount;

  const { items } = await readArticlesByReference(db, referencesToRead(order), {
    freeFields: config.sage.freeFields,
  });
  const articles = new Map<string, PlanArticle>(
    items.map((a) => [
      a.reference.toUpperCase(),
      {
        reference: a.reference,
        designation: a.designation,
        sleeping: a.sleeping,
        packagings: a.packagings.map((p) => ({
          packagingNo: p.packagingNo,
          label: p.label,
          quantity: p.quantity,
          reference: p.reference,
        })),
      },
    ]),
  );
  const { expected, priceCheckDone, priceCheckProblem } = await expectedPricesFor(
    prices,
    config,
    account,
    order.date,
  );
  const plan = planQuote(
    order,
    checked.depotNo,
    articles,
    expected,
    config.orders.priceCheck.tolerance,
    config.orders.lineQuantity,
  );
  if (plan.problems.length > 0) {
    // One named problem for the operator, every line's message in the text.
    throw new OrderProblemError({
      type: plan.problems[0].type,
      message: plan.problems.map((p) => p.message).join('; '),
    });
  }
  if (
    plan.priceDifferences.length > 0 &&
    config.orders.priceCheck.blocking &&
    !options.acceptPriceDifferences
  ) {
    throw new OrderProblemError({
      type: OrderProblemTypes.priceMismatch,
      message: plan.priceDifferences
        .map((d) => `${d.sku}: web ${d.webPrice} <> Sage ${d.sagePrice}`)
        .join('; '),
    });
  }
  const priceFlagField = config.orders.sageFields.priceFlag;
  const internalFields: HeaderField[] =
    plan.priceDifferences.length > 0 && priceFlagField !== ''
      ? [{ field: priceFlagField, value: priceFlagText(plan.priceDifferences) }]
      : [];
  const writer = createSqlSageWriter(db, writerOptionsFrom(config.sage));
  const result = await writer.createQuote({
    webOrderNumber: reference,
    customerAccount: account,
    ...(shop ? { shop } : {}),
    internalFields,
    date: order.date,
    depotNo: checked.depotNo,
    lines: plan.lines,
  });
  return {
    quote: result.quotePiece,
    created: result.created,
    priceDifferences: plan.priceDifferences,
    priceCheckDone,
    ...(priceCheckProblem ? { priceCheckProblem } : {}),
  };
}

/** The shop of the web order as recorded on its Sage documents (undefined: not recorded). */
function shopFieldOf(config: Config): HeaderField | undefined {
  const field = config.orders.sageFields.shop;
  return field === '' ? undefined : { field, value: shopIdOf(config.orders, config.woo.url) };
}

async function expectedPricesFor(
  prices: OrderPriceIndex,
  config: Config,
  account: string,
  day: string,
): Promise<{ expected: ExpectedPrice; priceCheckDone: boolean; priceCheckProblem?: string }> {
  if (!config.orders.priceCheck.enabled) {
    return { expected: () => undefined, priceCheckDone: false };
  }
  try {
    return { expected: await prices.expectedPrices(account, day), priceCheckDone: true };
  } catch (err) {
    // The order still goes in (at the web prices); the missing check is said, not hidden.
    const redact = createRedactor(secretValues(config));
    return {
      expected: () => undefined,
      priceCheckDone: false,
      priceCheckProblem: redact(`pricing engine unavailable: ${(err as Error).message}`),
    };
  }
}
