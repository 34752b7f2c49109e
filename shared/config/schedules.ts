import { z } from 'zod';
import { bool, duration } from './primitives';

/**
 * One Temporal schedule owned by the connector. Either `every` (an interval) or `cron`.
 * The schedule id is stable, so applying the configuration twice updates instead of duplicating
 * (and leaves an unchanged schedule alone). Its runs get the id plus the scheduled time, one at a
 * time: a firing while the previous run is in progress is skipped (workers/schedules.ts).
 */
export const scheduleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes'),
    workflow: z.string().min(1),
    every: duration.optional(),
    cron: z.string().min(9).optional(),
    timeZone: z.string().optional(),
    args: z.array(z.unknown()).default([]),
    paused: bool.default(false),
    note: z.string().optional(),
  })
  .refine((s) => (s.every === undefined) !== (s.cron === undefined), {
    message: 'give exactly one of "every" or "cron"',
  });

/** The schedules an installation gets when its configuration names none. */
export const DEFAULT_SCHEDULES = [
  { id: 'connector-check', workflow: 'connectorCheck', every: '15m', note: 'chain check' },
  { id: 'order-intake', workflow: 'orderIntake', every: '5m', note: 'orders missed by webhooks' },
  {
    id: 'customer-sync',
    workflow: 'customerSync',
    every: '15m',
    // No argument: an incremental run (full runs are started on demand with { mode: 'full' }).
    note: 'Sage accounts changed since the last run → shop customers',
  },
  {
    id: 'catalog-nightly',
    workflow: 'catalogSync',
    cron: '30 2 * * *',
    timeZone: 'Europe/Paris',
    args: [{ mode: 'full' }],
    note: 'every Sage article → shop products (unchanged ones cost nothing)',
  },
  {
    id: 'catalog-hourly',
    workflow: 'catalogSync',
    every: '1h',
    args: [{ mode: 'incremental' }],
    note: 'Sage articles changed since the last run → shop products',
  },
  {
    id: 'stock',
    workflow: 'stockSync',
    every: '5m',
    args: [{ mode: 'incremental' }],
    note: 'Sage stock rows changed since the last run → per-depot stock in the shop',
  },
  {
    id: 'price-sync',
    workflow: 'priceSync',
    every: '1h',
    args: [{ mode: 'incremental' }],
    note: 'Sage price rows changed since the last run → the articles and customers they touch',
  },
  {
    id: 'price-sync-nightly',
    workflow: 'priceSync',
    cron: '0 3 * * *',
    timeZone: 'Europe/Paris',
    args: [{ mode: 'full' }],
    note: 'every article and customer projected again (deleted price rows, validity dates; unchanged ones cost no write)',
  },
  {
    id: 'doctor',
    workflow: 'doctor',
    every: '6h',
    args: [{ fix: true }],
    // The note is the schedule's note in the Temporal UI: it says why the run changes the shop.
    note: 'shop, Sage and Temporal checks, failures as reports (reports doctor); fix: re-enables the webhooks the shop disabled, as npm start does, else new orders and edits wait for polling until a restart',
  },
  {
    id: 'drift-nightly',
    workflow: 'driftReconciliation',
    cron: '0 4 * * *',
    timeZone: 'Europe/Paris',
    args: [{ heal: false }],
    note: 'shop against Sage (catalog, stock, prices, customer links, order statuses): drift reported (reports drift), nothing written; npm run cli -- reconcile --heal repairs',
  },
];

export const schedulesConfigSchema = z
  .array(scheduleSchema)
  .default(() => DEFAULT_SCHEDULES.map((s) => ({ args: [], paused: false, ...s })));

export type ScheduleConfig = z.infer<typeof scheduleSchema>;
