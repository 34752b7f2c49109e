import assert from 'node:assert/strict';
import { configSchema } from '../../../shared/config/schema';
import {
  resolveSandboxWooConfig,
  wooConfigSchema,
  wooSecretValues,
} from '../../../shared/config/woo';

describe('woo configuration', () => {
  it('defaults to a sandbox shop with safe limits', () => {
    const config = wooConfigSchema.parse(undefined);
    assert.equal(config.kind, 'sandbox');
    assert.equal(config.authMode, 'basic');
    assert.equal(config.batchSize, 100);
    assert.equal(config.concurrency, 4);
    assert.equal(config.retry.maxAttempts, 3);
    assert.equal(config.url, undefined);
  });

  it('accepts a remote shop and normalises the url', () => {
    const config = wooConfigSchema.parse({
      kind: 'remote',
      url: 'https://shop.example.com/',
      consumerKey: 'ck_x',
      consumerSecret: 'cs_y',
      authMode: 'query',
      timeoutMs: '5000',
      batchSize: '50',
    });
    assert.equal(config.url, 'https://shop.example.com');
    assert.equal(config.timeoutMs, 5000);
    assert.equal(config.batchSize, 50);
    assert.equal(config.authMode, 'query');
  });

  it('names woo.url when the url is malformed', () => {
    for (const url of ['not a url', 'ftp://shop.example.com', 'https://', '']) {
      const result = configSchema.shape.woo.safeParse({
        kind: 'remote',
        url,
        consumerKey: 'k',
        consumerSecret: 's',
      });
      assert.equal(result.success, false, url);
      assert.ok(
        result.error?.issues.some(
          (i) => i.message.includes('woo.url') && i.path.join('.') === 'url',
        ),
        JSON.stringify(result.error?.issues),
      );
    }
  });

  it('requires keys for a remote shop and refuses batches above 100', () => {
    const noKeys = wooConfigSchema.safeParse({ kind: 'remote', url: 'https://s.example' });
    assert.equal(noKeys.success, false);
    const paths = noKeys.error?.issues.map((i) => i.path.join('.'));
    assert.ok(
      paths?.includes('consumerKey') && paths.includes('consumerSecret'),
      JSON.stringify(paths),
    );
    const tooBig = wooConfigSchema.safeParse({ kind: 'sandbox', batchSize: 101 });
    assert.equal(tooBig.success, false);
    assert.match(tooBig.error?.issues[0].message ?? '', /woo\.batchSize/);
  });

  it('fills a sandbox configuration from the started sandbox and lists its secrets', () => {
    const config = wooConfigSchema.parse({ kind: 'sandbox', webhookSecret: 'whsec' });
    const resolved = resolveSandboxWooConfig(config, {
      url: 'http://127.0.0.1:4000/',
      consumerKey: 'ck_sand',
      consumerSecret: 'cs_sand',
    });
    assert.equal(resolved.url, 'http://127.0.0.1:4000');
    assert.deepEqual(wooSecretValues(resolved).sort(), ['ck_sand', 'cs_sand', 'whsec']);
  });
});
