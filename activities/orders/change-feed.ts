import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  changeKeyOf,
  emptyPosition,
  keysToRemember,
  laterOf,
  piecesByQuote,
  rangeOf,
  type DocumentChangeRow,
  type FeedPosition,
} from '../../shared/orders/change-feed';
import { refreshSignal } from '../../shared/orders/messages';
import { readDocumentChangeHorizon, readDocumentChanges } from '../sage/document-changes';
import type { SageDb } from '../sage/db';
import type { StateStore } from '../state/store';

/**
 * State-store mapping kind: a web order's Sage quote piece → its order workflow id (which names
 * the shop and the shop order). Written by the order workflow once it holds its quote
 * (`linkOrderQuote`); read by the change feed.
 */
export const ORDER_QUOTE_KIND = 'order-quote';

/** Rows per table per read; a burst above it is read in further statements of the same tick. */
export const FEED_PAGE_ROWS = 1_000;
/** Reads per tick at most; the rest of a very large burst is read at the next tick. */
const MAX_READS_PER_TICK = 20;
/** Signals sent at once. */
const SIGNAL_CONCURRENCY = 8;

export interface FeedTickInput {
  position?: FeedPosition;
  /** Change keys already signalled that the next read may see again (overlap window). */
  seen?: string[];
  overlapMs: number;
}

export interface FeedTickResult {
  position: FeedPosition;
  seen: string[];
  /** Changed rows read (every document, web order or not). */
  rows: number;
  /** New rows (not seen in an earlier tick) belonging to a web order of this installation. */
  matched: number;
  /** Order workflows signalled `refresh`. */
  signalled: number;
  /** Orders whose workflow is over (completed, cancelled…): nothing to tell. */
  closed: number;
  /** SQL statements sent to Sage by this tick (the feed's whole Sage cost). */
  sageQueries: number;
  /** The workflow ids signalled (at most 20, for the record). */
  sample: string[];
}

export interface FeedSystems {
  sage: SageDb;
  state: StateStore;
  client: Client;
}

/**
 * One tick of the change feed: reads what changed in Sage's documents since the position (one
 * statement, more only for a burst above FEED_PAGE_ROWS rows), keeps the rows of quotes this
 * installation imported (state store), drops those an earlier tick already signalled (the
 * overlap reads them again), and signals `refresh` to each order concerned with the pieces that
 * changed. Idempotent: run again with the same input, it signals the same orders again, which
 * only makes them look at their chain once more.
 */
export async function runFeedTick(sys: FeedSystems, input: FeedTickInput): Promise<FeedTickResult> {
  let sageQueries = 0;
  const position: FeedPosition = structuredClone(input.position ?? emptyPosition());
  if (!position.started) {
    // First tick ever: start at the latest change, minus the overlap (rangeOf); a company
    // without any document yet is read from its start (nothing), once.
    const horizon = await readDocumentChangeHorizon(sys.sage);
    sageQueries += 1;
    position.lines.watermark = horizon;
    position.headers.watermark = horizon;
    position.started = true;
  }
  const lines = rangeOf(position.lines, input.overlapMs);
  const headers = rangeOf(position.headers, input.overlapMs);
  const read: DocumentChangeRow[] = [];
  let linesFull = false;
  let headersFull = false;
  do {
    const page = await readDocumentChanges(sys.sage, { lines, headers }, FEED_PAGE_ROWS);
    sageQueries += 1;
    read.push(...page.rows);
    if (page.lastLine) lines.after = page.lastLine;
    if (page.lastHeader) headers.after = page.lastHeader;
    linesFull = page.linesFull;
    headersFull = page.headersFull;
  } while ((linesFull || headersFull) && sageQueries < MAX_READS_PER_TICK);

  for (const row of read) {
    const table = row.source === 'line' ? position.lines : position.headers;
    table.watermark = laterOf(table.watermark, row.modifiedAt);
  }
  // A burst cut short: the next tick reads on after the last key instead of starting again.
  position.lines.after = linesFull ? lines.after : null;
  position.headers.after = headersFull ? headers.after : null;

  const seen = new Set(input.seen ?? []);
  const fresh = read.filter((r) => r.quote !== '' && !seen.has(changeKeyOf(r)));
  const byQuote = piecesByQuote(fresh);
  const workflows =
    byQuote.size === 0
      ? new Map<string, string>()
      : await sys.state.getMappings(ORDER_QUOTE_KIND, [...byQuote.keys()]);
  const matchedRows = fresh.filter((r) => workflows.has(r.quote));

  let signalled = 0;
  let closed = 0;
  const sample: string[] = [];
  const targets = [...workflows].map(([quote, workflowId]) => ({
    workflowId,
    pieces: byQuote.get(quote) ?? [],
  }));
  for (let i = 0; i < targets.length; i += SIGNAL_CONCURRENCY) {
    await Promise.all(
      targets.slice(i, i + SIGNAL_CONCURRENCY).map(async ({ workflowId, pieces }) => {
        try {
          await sys.client.workflow
            .getHandle(workflowId)
            .signal(refreshSignal, { pieces, source: 'sage-change-feed' });
          signalled += 1;
          if (sample.length < 20) sample.push(workflowId);
        } catch (err) {
          if (!(err instanceof WorkflowNotFoundError)) throw err;
          closed += 1;
        }
      }),
    );
  }

  const remembered = new Set([...seen, ...matchedRows.map(changeKeyOf)]);
  return {
    position,
    seen: keysToRemember(remembered, position, input.overlapMs),
    rows: read.length,
    matched: matchedRows.length,
    signalled,
    closed,
    sageQueries,
    sample,
  };
}

/** Records the quote → order workflow link the change feed reads (idempotent). */
export async function linkOrderQuote(
  state: StateStore,
  input: { quote: string; workflowId: string },
): Promise<void> {
  await state.putMappings(ORDER_QUOTE_KIND, [{ sageKey: input.quote, wooId: input.workflowId }]);
}
