import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { OrderSageActivities } from '../activities/orders/activities';
import type { FeedPosition } from '../shared/orders/change-feed';
import { SyncKind, SyncState } from '../shared/search-attributes';
import { TASK_QUEUES } from '../shared/task-queues';

/** The one change feed of an installation (started by every `workflows` process). */
export const SAGE_CHANGE_FEED_WORKFLOW_ID = 'sage-change-feed';

export interface SageChangeFeedSettings {
  /** Between two reads of Sage (`orders.changeFeed.every`). */
  everyMs: number;
  /** Re-read window before the watermark (`orders.changeFeed.overlap`). */
  overlapMs: number;
}

export interface SageChangeFeedTotals {
  ticks: number;
  rows: number;
  matched: number;
  signalled: number;
  closed: number;
  sageQueries: number;
  /** Workflow time (ISO) of the last tick, and the orders it signalled (a sample). */
  lastTickAt?: string;
  lastSignalled?: string[];
}

export interface SageChangeFeedInput extends SageChangeFeedSettings {
  /** Ticks per run before continue-as-new (default 100), so the history stays small. */
  ticksPerRun?: number;
  /** Carried over by continue-as-new. */
  position?: FeedPosition;
  seen?: string[];
  totals?: SageChangeFeedTotals;
}

/** New settings for a running feed (each `workflows` process sends its configuration at start). */
export const changeFeedSettingsSignal = defineSignal<[SageChangeFeedSettings]>('settings');
/** Read Sage now instead of at the next interval. */
export const changeFeedNowSignal = defineSignal('readNow');
export const changeFeedProgressQuery = defineQuery<
  SageChangeFeedTotals & SageChangeFeedSettings & { position: FeedPosition | null }
>('changeFeedProgress');

const DEFAULT_TICKS_PER_RUN = 100;

/**
 * The Sage change feed of web orders (docs/architecture.md, Flows): every `everyMs` one
 * activity reads the document lines and headers changed since the watermark (one indexed
 * statement, whatever the number of open orders) and signals `refresh` to the order workflows
 * whose quote's chain changed. The watermark, and the keys already signalled inside the overlap
 * window, live in this workflow's state: a restart of the workers loses nothing (the activity
 * runs again from the same position, its signals are idempotent).
 */
export async function sageChangeFeed(input: SageChangeFeedInput): Promise<void> {
  let settings: SageChangeFeedSettings = { everyMs: input.everyMs, overlapMs: input.overlapMs };
  let position: FeedPosition | undefined = input.position;
  let seen: string[] = input.seen ?? [];
  let totals: SageChangeFeedTotals = input.totals ?? {
    ticks: 0,
    rows: 0,
    matched: 0,
    signalled: 0,
    closed: 0,
    sageQueries: 0,
  };
  let readNow = false;
  setHandler(changeFeedSettingsSignal, (next) => {
    settings = { everyMs: next.everyMs, overlapMs: next.overlapMs };
    readNow = true;
  });
  setHandler(changeFeedNowSignal, () => void (readNow = true));
  setHandler(changeFeedProgressQuery, () => ({
    ...totals,
    ...settings,
    position: position ?? null,
  }));
  upsertSearchAttributes([
    { key: SyncKind, value: 'sage-change-feed' },
    { key: SyncState, value: 'running' },
  ]);

  const { sageChangeFeedTick } = proxyActivities<OrderSageActivities>({
    taskQueue: TASK_QUEUES.sage,
    startToCloseTimeout: '2 minutes',
    // Sage or the state store unavailable: retried for as long as it lasts; the next ticks
    // wait meanwhile and then read everything since the same watermark.
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute' },
  });

  const ticksPerRun = input.ticksPerRun ?? DEFAULT_TICKS_PER_RUN;
  for (let tick = 0; tick < ticksPerRun; tick += 1) {
    readNow = false;
    const result = await sageChangeFeedTick({
      ...(position ? { position } : {}),
      seen,
      overlapMs: settings.overlapMs,
    });
    position = result.position;
    seen = result.seen;
    totals = {
      ticks: totals.ticks + 1,
      rows: totals.rows + result.rows,
      matched: totals.matched + result.matched,
      signalled: totals.signalled + result.signalled,
      closed: totals.closed + result.closed,
      sageQueries: totals.sageQueries + result.sageQueries,
      lastTickAt: new Date().toISOString(),
      lastSignalled: result.signalled > 0 ? result.sample : totals.lastSignalled,
    };
    // A burst still being read: no wait.
    const behind = position.lines.after !== null || position.headers.after !== null;
    if (!behind) await condition(() => readNow, settings.everyMs);
    if (workflowInfo().continueAsNewSuggested) break;
  }
  await allHandlersFinished();
  await continueAsNew<typeof sageChangeFeed>({
    ...settings,
    ticksPerRun,
    ...(position ? { position } : {}),
    seen,
    totals,
  });
}
