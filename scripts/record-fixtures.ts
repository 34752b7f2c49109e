/**
 * Re-records the WooCommerce fixtures (test/fixtures/woocommerce) on a fresh real WooCommerce
 * store (scripts/real-shop.sh): replays the recording timeline against it, compares every answer
 * with the stored fixture as the sandbox conformance test compares the sandbox's, and rewrites
 * only the fixtures that differ, in the same format (kept headers only, ids and host translated
 * back to the recording's, so the timeline's id mapping still holds).
 *
 *   npm run record-fixtures [-- --dry-run] [-- --only 26b-,28c-]
 *
 * Needs what scripts/real-shop.sh needs (PHP 8.2, the two archives, a MariaDB server); the store
 * is wiped at the end (SWS_REAL_SHOP_KEEP=1 keeps it). Webhook delivery recordings are checked
 * and reported, not rewritten. Plain-HTTP recordings cannot be made on the test store and are
 * kept as they are.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runShopQueue } from '../test/helpers/real-shop';
import { compareBody, compareExchange } from '../test/integration/sandbox/conformance/compare';
import { waitForDelivery } from '../test/integration/sandbox/conformance/deliveries';
import {
  REAL_STORE_SKIPPED,
  alignStoreSettings,
  createReadOnlyKey,
  realStoreTarget,
  startOwnStore,
} from '../test/integration/sandbox/conformance/real-store';
import {
  FIXTURE_DIR,
  IdMap,
  RECORDED_HOST,
  isDelivery,
  learnIds,
  loadFixture,
  resourceNamespace,
  type IdNamespace,
  type RawResponse,
  type RecordedExchange,
} from '../test/integration/sandbox/conformance/replay';
import {
  keptHeaders,
  replayExchange,
  replaySynthetic,
} from '../test/integration/sandbox/conformance/runner';
import { TIMELINE } from '../test/integration/sandbox/conformance/timeline';
import { Receiver } from '../test/integration/sandbox/receiver';

/**
 * Recordings whose queries carry the recording's own dates (modified_after a moment of the
 * first session): replayed later they select other orders, so a difference there says nothing.
 */
const TIME_RELATIVE = new Set([
  '18-orders-list-modified-after-status-completed.json',
  '18h-orders-list-modified-after-with-tz.json',
]);

const args = process.argv.slice(2);
const dryRun = args.includes('--dry-run');
const onlyArg = args[args.indexOf('--only') + 1];
const only = args.includes('--only') && onlyArg ? onlyArg.split(',') : undefined;

/** The answer as if the store were at the recording's address (links, headers). */
function inRecordedHost(res: RawResponse, host: string): RawResponse {
  const swap = (s: string) => s.split(host).join(RECORDED_HOST);
  const text = swap(res.text);
  const headers = Object.fromEntries(
    Object.entries(res.headers).map(([k, v]) => [
      k,
      typeof v === 'string' ? swap(v) : Array.isArray(v) ? v.map(swap) : v,
    ]),
  );
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { ...res, headers, text, json };
}

/** The answer in the recording's terms: recorded ids where known. */
function toRecorded(value: unknown, ids: IdMap, ns: IdNamespace): unknown {
  const back = ids.inverse();
  // an id of the store that no replayed answer tied to a recorded one keeps its value unless
  // the recording already used that value for something else (then 0: "not known")
  const backId = (idNs: IdNamespace, id: number) =>
    back.has(idNs, id) ? back.get(idNs, id) : ids.has(idNs, id) ? 0 : id;
  const walk = (v: unknown, key: string | null, itemNs: IdNamespace): unknown => {
    if (Array.isArray(v)) {
      if (key === 'variations')
        return v.map((x) => (typeof x === 'number' ? backId('post', x) : x));
      const child = key === 'line_items' ? 'item' : key === 'meta_data' ? null : itemNs;
      return v.map((x) => walk(x, key === 'line_items' ? 'item-array' : null, child ?? itemNs));
    }
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (typeof x === 'number' && k === 'id' && key !== 'meta')
          out[k] = backId(key === 'item-array' ? 'item' : itemNs, x);
        else if (
          typeof x === 'number' &&
          ['product_id', 'variation_id', 'parent_id', 'resource_id'].includes(k)
        )
          out[k] = backId('post', x);
        else if (typeof x === 'number' && k === 'customer_id') out[k] = backId('user', x);
        else if (k === 'meta_data' && Array.isArray(x))
          out[k] = x.map((m) => walk(m, 'meta', itemNs));
        else out[k] = walk(x, k, itemNs);
      }
      return out;
    }
    return v;
  };
  return walk(value, null, ns);
}

function updateIndex(file: string, status: number): void {
  const indexPath = path.join(FIXTURE_DIR, '_index.json');
  const index = JSON.parse(readFileSync(indexPath, 'utf8')) as {
    fixtures: { file: string; status?: number }[];
  };
  const entry = index.fixtures.find((e) => e.file === file);
  if (!entry || entry.status === status) return;
  entry.status = status;
  writeFileSync(indexPath, JSON.stringify(index, null, 2) + '\n');
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const shop = await startOwnStore('record');
  // an interrupted run still wipes its store
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void shop.dispose().finally(() => process.exit(130)));
  const receiver = await new Receiver().start();
  const rewritten: string[] = [];
  const reported: string[] = [];
  try {
    const readOnly = await createReadOnlyKey(shop);
    await alignStoreSettings(shop);
    const target = realStoreTarget(shop, readOnly, receiver.url);
    const host = target.host;
    const ids = new IdMap();
    for (const step of TIMELINE) {
      if (typeof step !== 'string') {
        await replaySynthetic(target, step, ids);
        continue;
      }
      if (REAL_STORE_SKIPPED[step]) {
        console.log(`kept     ${step} (${REAL_STORE_SKIPPED[step]})`);
        continue;
      }
      const f = loadFixture(step);
      if (isDelivery(f)) {
        const resource = (f.delivery.body as { id?: number } | undefined)?.id ?? 0;
        const got = await waitForDelivery(
          receiver,
          f,
          ids.get('webhook', f.webhook.id),
          ids.get('post', resource),
          () => runShopQueue(shop),
        );
        const problems = !got
          ? ['no such delivery']
          : f.delivery.body
            ? compareBody(
                f.delivery.body,
                JSON.parse(got.body.split(host).join(RECORDED_HOST)) as unknown,
                ids,
                'post',
              )
            : [];
        console.log(`${problems.length ? 'DIFFERS ' : 'same    '} ${step} (delivery)`);
        if (problems.length) reported.push(`${step}: ${problems.join('; ')}`);
        continue;
      }
      const ns = resourceNamespace(f.request.path);
      const res = inRecordedHost(await replayExchange(target, f, ids), host);
      learnIds(f.response.body, res.json, ns, ids);
      const linkRelsOnly = Object.keys(f.request.query ?? {}).some((k) =>
        k.startsWith('consumer_'),
      );
      const problems = compareExchange(f, res, ids, ns, { linkRelsOnly });
      const wanted = !only || only.some((p) => step.startsWith(p));
      if (!problems.length || !wanted) {
        console.log(`same     ${step}`);
        continue;
      }
      if (TIME_RELATIVE.has(step)) {
        console.log(`kept     ${step} (time-relative query: ${problems[0]})`);
        continue;
      }
      console.log(`DIFFERS  ${step}\n         ${problems.join('\n         ')}`);
      const headers = keptHeaders(res);
      const recorded: RecordedExchange = {
        description: f.description,
        request: f.request,
        response: {
          status: res.status,
          headers,
          body: toRecorded(res.json ?? res.text, ids, ns),
        },
      };
      if (!dryRun) {
        writeFileSync(path.join(FIXTURE_DIR, step), JSON.stringify(recorded, null, 2) + '\n');
        updateIndex(step, res.status);
      }
      rewritten.push(step);
    }
  } finally {
    await receiver.stop();
    await shop.dispose();
  }
  console.log(
    `\n${dryRun ? 'would rewrite' : 'rewrote'} ${rewritten.length} fixture(s)${rewritten.length ? ': ' + rewritten.join(', ') : ''}`,
  );
  if (reported.length)
    console.log(`deliveries that differ (not rewritten):\n  ${reported.join('\n  ')}`);
  console.log(`${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
