import assert from 'node:assert/strict';
import { parseConfig, type WorkerRole } from '../../../shared/config';
import { isLoopbackUrl } from '../../../shared/config/webhooks';
import { webhookPlan } from '../../../workers/webhooks/plan';
import { DEFAULT_WEBHOOK_PATH } from '../../../workers/webhooks/server';
import { problemsOf } from './problems';

const remoteShop = {
  kind: 'remote',
  url: 'https://shop.example.com',
  consumerKey: 'ck_x',
  consumerSecret: 'cs_x',
};
const ALL: WorkerRole[] = ['workflows', 'sage', 'woo'];

describe('webhooks configuration', () => {
  it('defaults: enabled, registering, on 127.0.0.1, for the embedded shop', () => {
    const config = parseConfig({}, {});
    assert.equal(config.webhooks.enabled, true);
    assert.equal(config.webhooks.register, true);
    assert.equal(config.webhooks.listen.host, '127.0.0.1');
    assert.equal(config.webhooks.listen.port, undefined);
    assert.equal(config.webhooks.publicUrl, undefined);
  });

  it('names webhooks.publicUrl and woo.webhookSecret for a remote shop without them', () => {
    const problems = problemsOf(() => parseConfig({ woo: remoteShop }));
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.match(problems.join('\n'), /^webhooks\.publicUrl: webhooks\.publicUrl is required/m);
    assert.match(problems.join('\n'), /^woo\.webhookSecret: woo\.webhookSecret is required/m);
  });

  it('names only what is missing, from the environment too', () => {
    const noSecret = problemsOf(() =>
      parseConfig({ woo: remoteShop }, { SWS_WEBHOOKS__PUBLIC_URL: 'https://sync.example.com/wh' }),
    );
    assert.deepEqual(
      noSecret.map((p) => p.split(':')[0]),
      ['woo.webhookSecret'],
    );
    const noUrl = problemsOf(() =>
      parseConfig({ woo: remoteShop }, { SWS_WOO__WEBHOOK_SECRET: 'whsec' }),
    );
    assert.deepEqual(
      noUrl.map((p) => p.split(':')[0]),
      ['webhooks.publicUrl'],
    );
  });

  it('accepts a remote shop with both, or with webhooks disabled', () => {
    const config = parseConfig(
      { woo: { ...remoteShop, webhookSecret: 'whsec' } },
      {
        SWS_WEBHOOKS__PUBLIC_URL: 'https://sync.example.com/webhooks',
        SWS_WEBHOOKS__LISTEN__HOST: '0.0.0.0',
        SWS_WEBHOOKS__LISTEN__PORT: '9000',
      },
    );
    assert.equal(config.webhooks.publicUrl, 'https://sync.example.com/webhooks');
    assert.equal(config.webhooks.listen.port, 9000);
    const off = parseConfig({ woo: remoteShop }, { SWS_WEBHOOKS__ENABLED: 'false' });
    assert.equal(off.webhooks.enabled, false);
  });

  it('lets a shop on this machine use the local URL and a random secret', () => {
    const loopback = parseConfig({ woo: { ...remoteShop, url: 'http://127.0.0.1:8234' } });
    assert.equal(loopback.webhooks.publicUrl, undefined);
    for (const url of ['http://localhost:1', 'http://127.0.0.2', 'http://[::1]:80']) {
      assert.ok(isLoopbackUrl(url), url);
    }
    for (const url of ['https://shop.example.com', 'http://10.0.0.1', 'not a url', undefined]) {
      assert.ok(!isLoopbackUrl(url), String(url));
    }
  });

  it('needs the secret when the operator registers the webhooks, and a valid public URL', () => {
    const problems = problemsOf(() => parseConfig({ webhooks: { register: false } }));
    assert.match(problems.join('\n'), /^woo\.webhookSecret: .*webhooks\.register is false/m);
    const bad = problemsOf(() =>
      parseConfig({
        woo: { ...remoteShop, webhookSecret: 'whsec' },
        webhooks: { publicUrl: 'sync.example.com/webhooks', listen: { port: 70000 } },
      }),
    );
    assert.match(bad.join('\n'), /^webhooks\.publicUrl: webhooks\.publicUrl must be a valid/m);
    assert.match(bad.join('\n'), /^webhooks\.listen\.port: /m);
  });
});

describe('webhook plan (who runs the webhook server)', () => {
  const remote = parseConfig({
    woo: { ...remoteShop, webhookSecret: 'whsec' },
    webhooks: { publicUrl: 'https://sync.example.com/hooks/woo' },
  });

  it('runs it in the process of the workflows role only', () => {
    assert.equal(webhookPlan(remote, ALL).run, true);
    assert.equal(webhookPlan(remote, ['workflows']).run, true);
    for (const roles of [['sage'], ['woo'], ['sage', 'woo']] as WorkerRole[][]) {
      const plan = webhookPlan(remote, roles);
      assert.equal(plan.run, false);
      assert.match(plan.run ? '' : plan.reason, /workflows role/);
    }
    const off = parseConfig({ woo: remoteShop, webhooks: { enabled: false } });
    assert.deepEqual(webhookPlan(off, ALL), { run: false, reason: 'webhooks.enabled is false' });
  });

  it('serves the public URL path on port 8235 by default, any free port for a local shop', () => {
    assert.deepEqual(webhookPlan(remote, ALL), {
      run: true,
      host: '127.0.0.1',
      port: 8235,
      path: '/hooks/woo',
      publicUrl: 'https://sync.example.com/hooks/woo',
      register: true,
      secret: 'whsec',
    });
    const sandbox = parseConfig({ woo: { url: 'http://127.0.0.1:8234' } });
    assert.deepEqual(webhookPlan(sandbox, ALL), {
      run: true,
      host: '127.0.0.1',
      port: 0,
      path: DEFAULT_WEBHOOK_PATH,
      register: true,
    });
  });

  it('refuses to register in a shop whose URL is unknown', () => {
    // The sandbox kind without url: `npm run worker` does not start a sandbox.
    assert.throws(() => webhookPlan(parseConfig({}), ALL), /woo\.url/);
  });
});
