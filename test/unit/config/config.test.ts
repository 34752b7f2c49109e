import assert from 'node:assert/strict';
import { configFromEnv, maskSecrets, parseConfig, secretValues } from '../../../shared/config';
import { problemsOf } from './problems';

describe('configuration', () => {
  it('gives the embedded default when nothing is configured', () => {
    const config = parseConfig({}, {});
    assert.equal(config.temporal.mode, 'embedded');
    assert.equal(config.sage.kind, 'embedded');
    assert.equal(config.woo.kind, 'sandbox');
    assert.equal(config.stateStore.kind, 'sqlite');
    assert.ok(config.schedules.some((s) => s.id === 'connector-check'));
  });

  it('maps SWS_ variables onto nested camelCase keys', () => {
    assert.deepEqual(
      configFromEnv({
        SWS_WOO__CONSUMER_KEY: 'ck_1',
        SWS_TEMPORAL__EMBEDDED__UI_PORT: '9000',
        SWS_SCHEDULES: '[{"id":"x","workflow":"connectorCheck","every":"1m"}]',
        OTHER: 'ignored',
      }),
      {
        woo: { consumerKey: 'ck_1' },
        temporal: { embedded: { uiPort: '9000' } },
        schedules: [{ id: 'x', workflow: 'connectorCheck', every: '1m' }],
      },
    );
  });

  it('lets the environment override the file, with string numbers coerced', () => {
    const config = parseConfig(
      { temporal: { embedded: { port: 7300 } } },
      { SWS_TEMPORAL__EMBEDDED__PORT: '7400', SWS_WORKERS__SAGE_CONCURRENCY: '2' },
    );
    assert.equal(config.temporal.embedded.port, 7400);
    assert.equal(config.workers.sageConcurrency, 2);
  });

  it('names every bad field at once: a malformed shop URL and a missing Sage password', () => {
    const problems = problemsOf(() =>
      parseConfig({
        woo: { kind: 'remote', url: 'not a url', consumerKey: 'ck', consumerSecret: 'cs' },
        sage: {
          kind: 'sqlserver',
          sqlserver: { server: 'sage.local', database: 'BIJOU', user: 'sa' },
        },
        temporal: { embedded: { port: 70000 } },
      }),
    );
    const text = problems.join('\n');
    assert.match(text, /^woo\.url: /m);
    assert.match(text, /^sage\.sqlserver\.password: /m);
    assert.match(text, /^temporal\.embedded\.port: /m);
  });

  it('rejects a schedule with both an interval and a cron expression', () => {
    const problems = problemsOf(() =>
      parseConfig({
        schedules: [{ id: 'a', workflow: 'connectorCheck', every: '5m', cron: '0 * * * *' }],
      }),
    );
    assert.match(problems.join('\n'), /schedules\.0/);
  });

  it('masks every secret when printed, and lists them for log scrubbing', () => {
    const config = parseConfig({
      woo: {
        kind: 'remote',
        url: 'https://shop.example.com',
        consumerKey: 'ck_secret_key',
        consumerSecret: 'cs_secret_value',
        webhookSecret: 'whsec_value',
      },
      webhooks: { publicUrl: 'https://sync.example.com/webhooks' },
      sage: {
        kind: 'sqlserver',
        sqlserver: { server: 's', database: 'd', user: 'u', password: 'Sage-P4ss' },
      },
      orders: { invoicePdf: { source: 'folder', folder: '/srv/sage/invoices' } },
      stateStore: {
        kind: 'postgres',
        postgres: { connectionString: 'postgres://sync:pg-pass@db:5432/sync' },
      },
    });
    const printed = JSON.stringify(maskSecrets(config));
    for (const secret of [
      'ck_secret_key',
      'cs_secret_value',
      'whsec_value',
      'Sage-P4ss',
      'pg-pass',
    ]) {
      assert.ok(!printed.includes(secret), `${secret} leaked`);
    }
    assert.ok(printed.includes('postgres://sync:********@db:5432/sync'));
    assert.ok(printed.includes('https://shop.example.com'));
    assert.deepEqual(
      secretValues(config).sort(),
      [
        'Sage-P4ss',
        'ck_secret_key',
        'cs_secret_value',
        'postgres://sync:pg-pass@db:5432/sync',
        'whsec_value',
      ].sort(),
    );
  });
});

describe('configuration sections chosen by kind', () => {
  it('take their default kind when only settings are given', () => {
    const config = parseConfig(
      {},
      { SWS_SAGE__EMBEDDED__PATH: '/tmp/x.sqlite', SWS_STATE_STORE__SQLITE__PATH: '/tmp/s.sqlite' },
    );
    assert.equal(config.sage.kind, 'embedded');
    assert.equal(config.sage.kind === 'embedded' && config.sage.embedded.path, '/tmp/x.sqlite');
    assert.equal(
      config.stateStore.kind === 'sqlite' && config.stateStore.sqlite.path,
      '/tmp/s.sqlite',
    );
  });
});

describe('configuration from environment variables only', () => {
  it('coerces the string values of a SQL Server company', () => {
    const config = parseConfig(
      {},
      {
        SWS_SAGE__KIND: 'sqlserver',
        SWS_SAGE__SQLSERVER__SERVER: 'sage-sql',
        SWS_SAGE__SQLSERVER__DATABASE: 'ACME',
        SWS_SAGE__SQLSERVER__USER: 'sync',
        SWS_SAGE__SQLSERVER__PASSWORD: '1234',
        SWS_SAGE__SQLSERVER__TRUST_SERVER_CERTIFICATE: 'true',
        SWS_SAGE__SQLSERVER__POOL_MAX: '2',
        SWS_ORDERS__INVOICE_PDF__SOURCE: 'folder',
        SWS_ORDERS__INVOICE_PDF__FOLDER: '/srv/sage/invoices',
      },
    );
    assert.ok(config.sage.kind === 'sqlserver');
    assert.equal(config.sage.sqlserver.password, '1234');
    assert.equal(config.sage.sqlserver.trustServerCertificate, true);
    assert.equal(config.sage.sqlserver.poolMax, 2);
  });
});
