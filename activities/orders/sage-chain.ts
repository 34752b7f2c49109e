import { DocumentStatus } from '../../shared/sage/documents';
import type { ChainStep, DocumentChain } from '../../shared/sage/types';
import type { ChainProgress } from '../../shared/orders/types';
import { readDocumentChain } from '../sage/documents';
import type { SageDb } from '../sage/db';

/** The compact progress of a quote's chain (what the workflow keeps). */
export async function readChainProgress(db: SageDb, quote: string): Promise<ChainProgress> {
  return progressOf(await readDocumentChain(db, quote));
}

export function progressOf(chain: DocumentChain): ChainProgress {
  const last = (steps: ChainStep[]) => (steps.length > 0 ? steps[steps.length - 1].piece : null);
  const validatedInvoices = chain.invoices.filter((i) => i.validated);
  const order = last(chain.orders);
  const quoteStatus = chain.quote?.status ?? null;
  return {
    quote: chain.quotePiece,
    quoteFound: chain.quote !== null,
    quoteLost:
      order === null &&
      (quoteStatus === DocumentStatus.QuoteLost || quoteStatus === DocumentStatus.QuoteArchived),
    order,
    picking: last(chain.pickings),
    delivery: last(chain.deliveries),
    invoice: last(validatedInvoices),
  };
}
