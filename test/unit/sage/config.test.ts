import assert from 'node:assert/strict';
import { sageConfigSchema } from '../../../shared/config/sage';

describe('sage configuration', () => {
  it('defaults to the embedded demo company', () => {
    const config = sageConfigSchema.parse(undefined);
    assert.equal(config.kind, 'embedded');
    if (config.kind !== 'embedded') return;
    assert.equal(config.embedded.path, 'data/sage-demo.sqlite');
    assert.deepEqual(config.demo, { seed: 42, size: 'customer' });
    assert.equal(config.freeFields.masterReference, 'REF_MAITRE');
    assert.equal(config.freeFields.attributes.length, 5);
    assert.equal(config.moneyDecimals, 2);
  });

  it('fills SQL Server defaults', () => {
    const config = sageConfigSchema.parse({
      kind: 'sqlserver',
      sqlserver: { server: 'rds01', database: 'BIJOU', user: 'sws', password: 's3cret' },
    });
    assert.equal(config.kind, 'sqlserver');
    if (config.kind !== 'sqlserver') return;
    assert.equal(config.sqlserver.port, 1433);
    assert.equal(config.sqlserver.encrypt, true);
  });

  it('names sage.sqlserver.password when it is missing', () => {
    const result = sageConfigSchema.safeParse({
      kind: 'sqlserver',
      sqlserver: { server: 'rds01', database: 'BIJOU', user: 'sws' },
    });
    assert.equal(result.success, false);
    const issue = result.error?.issues.find((i) => i.path.join('.') === 'sqlserver.password');
    assert.ok(issue, JSON.stringify(result.error?.issues));
    assert.match(issue.message, /sage\.sqlserver\.password/);
  });

  it('refuses free-field names that would break quoting', () => {
    const result = sageConfigSchema.safeParse({
      kind: 'embedded',
      freeFields: { masterReference: 'a"b' },
    });
    assert.equal(result.success, false);
    const ok = sageConfigSchema.safeParse({
      kind: 'embedded',
      freeFields: { masterReference: 'Réf maître' },
    });
    assert.equal(ok.success, true);
  });
});
