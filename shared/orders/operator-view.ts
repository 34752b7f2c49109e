import type { OrderProblemView, OrderStatusView } from './messages';

/**
 * The exact commands that resolve an order waiting for an operator (README "Orders"): `retry`
 * once the data is fixed (with the price differences accepted for a `PriceMismatch`), `skip`
 * to leave it to humans, `cancel` to cancel it. Pure, so the workflow and the CLI share it.
 */
export function orderResumeCommands(workflowId: string, problemType?: string): string[] {
  const signal = (name: string, input?: string) =>
    `temporal workflow signal --workflow-id ${workflowId} --name ${name}` +
    (input === undefined ? '' : ` --input '${input}'`);
  return [
    signal('retry'),
    ...(problemType === 'PriceMismatch'
      ? [signal('retry', JSON.stringify({ acceptPriceDifferences: true }))]
      : []),
    signal('skip', JSON.stringify('handled by hand')),
    signal('cancel', JSON.stringify('reason')),
  ];
}

/** What an order view needs to be told in one line (query view, or what the workflow holds). */
export type OrderHeadlineInput = Pick<
  OrderStatusView,
  'orderNumber' | 'state' | 'problem' | 'outcome' | 'quote' | 'customer'
>;

/**
 * One line for the Temporal UI and the CLI, e.g. `Order 1234 — customer CL00012 — waiting for
 * operator: SKU HYD-00042 "Joint torique 12 mm" matches no Sage article [UnknownSku, import]`.
 */
export function orderHeadline(view: OrderHeadlineInput): string {
  const parts = [`Order ${view.orderNumber}`];
  if (view.customer) parts.push(`customer ${view.customer}`);
  if (view.quote) parts.push(`quote ${view.quote}`);
  if (view.problem) {
    const what = view.state === 'waiting-operator' ? 'waiting for operator' : `${view.state}`;
    parts.push(`${what}: ${view.problem.message} [${view.problem.type}, ${view.problem.step}]`);
  } else if (view.outcome) {
    parts.push(`${view.state}: ${view.outcome}`);
  } else {
    parts.push(view.state);
  }
  return parts.join(' — ');
}

/**
 * The workflow's current details (Temporal markdown): the headline and, while it waits for an
 * operator, the exact commands to resume it.
 */
export function orderDetails(view: OrderHeadlineInput, workflowId: string): string {
  const lines = [orderHeadline(view)];
  if (view.problem) {
    lines.push(
      '',
      'Fix the data, then resume (or skip / cancel):',
      '',
      ...orderResumeCommands(workflowId, view.problem.type).map((c) => `    ${c}`),
    );
  }
  return lines.join('\n');
}

/** Longest `OrderProblem` value: a list column, not a report (the details carry it all). */
const PROBLEM_ATTRIBUTE_MAX = 160;

/**
 * The `OrderProblem` search attribute of an order waiting for an operator
 * (`UnknownSku: SKU HYD-00042 … [import]`), null (unset) otherwise.
 */
export function problemAttribute(problem: OrderProblemView | null): string | null {
  if (!problem) return null;
  const text = `${problem.type}: ${problem.message} [${problem.step}]`.replace(/\s+/g, ' ');
  // By code points: a cut never splits a surrogate pair.
  const chars = [...text];
  return chars.length <= PROBLEM_ATTRIBUTE_MAX
    ? text
    : `${chars.slice(0, PROBLEM_ATTRIBUTE_MAX - 1).join('')}…`;
}
