import { randomBytes } from 'node:crypto';
import { Context } from '@temporalio/activity';
import type { ActivityDeps } from '../deps';
import type { ChainStage } from '../../shared/orders/stages';
import type { ChainProgress, ImportResult, WebOrder } from '../../shared/orders/types';
import type { InvoiceDocument } from '../../shared/orders/invoice';
import { invoiceSellerOf } from '../../shared/config/invoice-seller';
import { withMentionDefaults } from '../../shared/orders/invoice-mentions';
import {
  linkOrderQuote,
  runFeedTick,
  type FeedTickInput,
  type FeedTickResult,
} from './change-feed';
import {
  pushStockAfterImport,
  quoteStockReferences,
  startStockPush,
  withStockPushAfterCancel,
} from '../stock/article-push';
import { asOrderActivity } from './failures';
import { importWebOrder } from './import-quote';
import { renderInvoicePdf } from './invoice-pdf';
import { pollShopOrders, type OrderPollResult } from './poll';
import { OrderPriceIndex } from './order-price-index';
import { readChainProgress } from './sage-chain';
import { readExportedInvoicePdf, readInvoiceDocument } from './sage-invoice';
import { cancelQuote, type QuoteCancelOutcome } from '../sage/quote-cancel';
import { checkShopOrderStatuses, type StatusCheck } from './shop-statuses';
import { readWebOrder } from './shop-orders';
import {
  addShopNote,
  cancelShopOrder,
  deliverInvoiceToShop,
  showStageOnShop,
} from './shop-updates';

/** How the invoice PDF reaches the shop activity: data to render, or Sage's own export. */
export type InvoiceSource =
  { kind: 'document'; document: InvoiceDocument } | { kind: 'file'; base64: string };

/** Order activities on the `sage` queue. */
export function createOrderSageActivities(deps: ActivityDeps) {
  const prices = new OrderPriceIndex(deps.config, deps.sageDb);
  const run = <T>(body: () => Promise<T>) => asOrderActivity(deps.config, body);
  return {
    async importOrderQuote(input: {
      order: WebOrder;
      acceptPriceDifferences?: boolean;
      /** The workflow asks for the stock push itself (`requestStockPush`) once this returns. */
      stockPushByWorkflow?: boolean;
    }): Promise<ImportResult> {
      return run(async () => {
        const result = await importWebOrder(await deps.sageDb(), prices, deps.config, input.order, {
          acceptPriceDifferences: input.acceptPriceDifferences ?? false,
        });
        // The quote's units leave the shop's available stock now, not at the next stock run:
        // the workflow asks for the push (no Sage slot held meanwhile), or, for workflows of
        // earlier versions, this activity does.
        let stockReferences: string[] | undefined;
        if (input.stockPushByWorkflow) {
          stockReferences = await quoteStockReferences(deps, result.quote);
        } else {
          await pushStockAfterImport(deps, result.quote);
        }
        const imported = stockReferences ? { ...result, stockReferences } : result;
        // The change feed's quote → workflow link, in the same activity: no extra task per order.
        const workflowId = callingWorkflowId();
        if (!workflowId) return imported;
        await linkOrderQuote(await deps.stateStore(), { quote: result.quote, workflowId });
        return { ...imported, linked: true };
      });
    },
    async orderChainProgress(input: { quote: string }): Promise<ChainProgress> {
      return run(async () => readChainProgress(await deps.sageDb(), input.quote));
    },
    async cancelOrderQuote(input: {
      quote: string;
      mode: 'mark' | 'delete';
    }): Promise<QuoteCancelOutcome> {
      return run(async () =>
        withStockPushAfterCancel(deps, input.quote, async () =>
          cancelQuote(await deps.sageDb(), input.quote, input.mode),
        ),
      );
    },
    /** The order's quote → workflow link the change feed reads (state store, idempotent). */
    async linkOrderQuote(input: { quote: string; workflowId: string }): Promise<void> {
      return run(async () => linkOrderQuote(await deps.stateStore(), input));
    },
    /** One tick of the Sage change feed (workflows/sage-change-feed.ts). */
    async sageChangeFeedTick(input: FeedTickInput): Promise<FeedTickResult> {
      return run(async () =>
        runFeedTick(
          {
            sage: await deps.sageDb(),
            state: await deps.stateStore(),
            client: Context.current().client,
          },
          input,
        ),
      );
    },
    async orderInvoiceSource(input: { invoice: string }): Promise<InvoiceSource> {
      return run(async () =>
        deps.config.orders.invoicePdf.source === 'folder'
          ? { kind: 'file', base64: await readExportedInvoicePdf(deps.config, input.invoice) }
          : {
              kind: 'document',
              document: await readInvoiceDocument(await deps.sageDb(), deps.config, input.invoice),
            },
      );
    },
  };
}

/** The workflow that runs the current activity; undefined when called outside an activity. */
function callingWorkflowId(): string | undefined {
  try {
    return Context.current().info.workflowExecution?.workflowId;
  } catch {
    return undefined;
  }
}

function renderGeneratedInvoice(deps: ActivityDeps, document: InvoiceDocument): Promise<Buffer> {
  const seller = invoiceSellerOf(deps.config.orders.invoicePdf.company, deps.config.sage.kind);
  return renderInvoicePdf(withMentionDefaults(document, seller.paymentDays), seller);
}

/** Order activities on the `woo` queue. */
export function createOrderWooActivities(deps: ActivityDeps) {
  const run = <T>(body: () => Promise<T>) => asOrderActivity(deps.config, body);
  return {
    async readShopOrder(input: { orderId: number }): Promise<WebOrder> {
      return run(async () => readWebOrder(await deps.woo(), deps.config, input.orderId));
    },
    async showOrderStage(input: {
      orderId: number;
      stage: Exclude<ChainStage, 'invoiced'>;
      progress: ChainProgress;
    }): Promise<{ status: string }> {
      return run(async () =>
        showStageOnShop(await deps.woo(), deps.config, input.orderId, input.stage, input.progress),
      );
    },
    async deliverOrderInvoice(input: {
      orderId: number;
      invoice: string;
      source: InvoiceSource;
    }): Promise<{ mediaId: number; url: string; uploaded: boolean }> {
      const { source } = input;
      return run(async () =>
        deliverInvoiceToShop(await deps.woo(), deps.config, input.orderId, input.invoice, {
          // Media files are served to anyone who has the URL: a random part keeps it unguessable.
          filename: `facture-${input.invoice}-${randomBytes(8).toString('hex')}.pdf`,
          render: async () =>
            source.kind === 'file'
              ? Buffer.from(source.base64, 'base64')
              : renderGeneratedInvoice(deps, source.document),
        }),
      );
    },
    async cancelShopOrder(input: { orderId: number; reason: string }): Promise<void> {
      return run(async () =>
        cancelShopOrder(await deps.woo(), deps.config, input.orderId, input.reason),
      );
    },
    /**
     * The stock push of a quote's articles, asked for by the order workflow after the import
     * (one signal-with-start to the stock push bucket of the moment, see
     * activities/stock/article-push.ts). On this queue, not `sage`: it only talks to Temporal,
     * and must not take one of the few Sage slots the imports need. Returns the bucket's id.
     */
    async requestStockPush(input: {
      quote: string;
      event: 'import' | 'cancel';
      references: string[];
    }): Promise<string | undefined> {
      return run(() => startStockPush(deps, input.references, input.quote, input.event));
    },
    async noteShopOrder(input: { orderId: number; note: string }): Promise<void> {
      return run(async () => addShopNote(await deps.woo(), input.orderId, input.note));
    },
    async checkOrderStatuses(): Promise<StatusCheck> {
      return run(async () => checkShopOrderStatuses(await deps.woo(), deps.config.orders));
    },
    async pollShopOrders(): Promise<OrderPollResult> {
      return run(async () =>
        pollShopOrders(
          await deps.woo(),
          await deps.stateStore(),
          Context.current().client,
          deps.config,
        ),
      );
    },
  };
}

export type OrderSageActivities = ReturnType<typeof createOrderSageActivities>;
export type OrderWooActivities = ReturnType<typeof createOrderWooActivities>;
