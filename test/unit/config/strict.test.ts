import assert from 'node:assert/strict';
import { parseConfig } from '../../../shared/config';
import { envNameOf } from '../../../shared/config/load';
import { nearestKey } from '../../../shared/config/unknown-keys';
import { problemsOf } from './problems';

const remoteShop = {
  kind: 'remote',
  url: 'https://shop.example.com',
  consumerKey: 'ck_x',
  consumerSecret: 'cs_x',
};
const noWebhooks = { enabled: false };

describe('configuration: unknown settings are refused', () => {
  it('names a mistyped key of the file and suggests the setting it resembles', () => {
    const problems = problemsOf(() => parseConfig({ woo: { concurency: 3 } }));
    assert.deepEqual(problems, ['woo.concurency: unknown setting; did you mean woo.concurrency?']);
  });

  it('names a mistyped variable as it was written, with the variable to use', () => {
    const problems = problemsOf(() => parseConfig({}, { SWS_WOO__CONCURENCY: '3' }));
    assert.deepEqual(problems, [
      'SWS_WOO__CONCURENCY: unknown setting woo.concurency; did you mean SWS_WOO__CONCURRENCY?',
    ]);
  });

  it('looks into nested sections, the chosen kind of a section, and lists', () => {
    const problems = problemsOf(() =>
      parseConfig({
        sage: { kind: 'embedded', sqlserver: { server: 'x' } },
        woo: { ...remoteShop, retry: { maxAtempts: 2 } },
        schedules: [{ id: 'x', workflow: 'catalogSync', cron: '0 * * * *', nite: 'typo' }],
      }),
    );
    assert.ok(problems.some((p) => p.startsWith('sage.sqlserver: unknown setting')));
    assert.ok(
      problems.includes(
        'woo.retry.maxAtempts: unknown setting; did you mean woo.retry.maxAttempts?',
      ),
    );
    assert.ok(problems.some((p) => p.startsWith('schedules.0.nite: unknown setting')));
  });

  it('lists the known keys when nothing is close', () => {
    const [problem] = problemsOf(() => parseConfig({ log: { colourfulness: true } }));
    assert.equal(problem, 'log.colourfulness: unknown setting; known here: level');
  });

  it('leaves the keys of free-form maps alone (codes, labels, postal prefixes)', () => {
    const config = parseConfig({
      customers: { homeDepot: { byPostalCodePrefix: { '75': 1 } } },
    });
    assert.equal(config.customers.homeDepot.byPostalCodePrefix['75'], 1);
  });

  it('ignores prefixed variables that are not settings, but reads top-level ones', () => {
    const config = parseConfig(
      {},
      { SWS_CONFIG: 'x.json', SWS_REAL_SHOP: 'required', SWS_DATA_DIR: 'elsewhere' },
    );
    assert.equal(config.dataDir, 'elsewhere');
  });

  it('spells settings as variables and finds typos, not other words', () => {
    assert.equal(envNameOf(['woo', 'consumerKey']), 'SWS_WOO__CONSUMER_KEY');
    assert.equal(nearestKey('concurency', ['concurrency', 'timeoutMs']), 'concurrency');
    assert.equal(nearestKey('colour', ['level']), undefined);
  });
});

describe('configuration: the shop keys never travel in clear', () => {
  it('refuses a plain http:// shop on another host', () => {
    const problems = problemsOf(() =>
      parseConfig({ woo: { ...remoteShop, url: 'http://shop.example.com' }, webhooks: noWebhooks }),
    );
    assert.equal(problems.length, 1);
    assert.match(problems[0], /^woo\.url: .*plain http:\/\/.*woo\.allowHttp/);
  });

  it('accepts it when allowed explicitly, and a shop on this machine', () => {
    const allowed = parseConfig({
      woo: { ...remoteShop, url: 'http://10.0.0.5', allowHttp: true },
      webhooks: noWebhooks,
    });
    assert.equal(allowed.woo.url, 'http://10.0.0.5');
    const local = parseConfig({
      woo: { ...remoteShop, url: 'http://127.0.0.1:8080' },
      webhooks: noWebhooks,
    });
    assert.equal(local.woo.url, 'http://127.0.0.1:8080');
  });
});
