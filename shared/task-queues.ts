/**
 * The three task queues. Workflows run on `sync`; activities that touch Sage run on `sage`
 * (workers next to the Sage server, small concurrency); activities that call the shop run on
 * `woo`. The names are fixed so workflow code can route activities without configuration;
 * several installations on one cluster are separated by namespace.
 */
export const TASK_QUEUES = {
  workflows: 'sync',
  sage: 'sage',
  woo: 'woo',
} as const;
