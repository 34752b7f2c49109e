import assert from 'node:assert/strict';
import { duplicateEmailAccounts, emailKey, emailProblem } from '../../../shared/customers/email';

describe('customer e-mail checks', () => {
  it('accepts ordinary addresses and refuses missing or malformed ones', () => {
    assert.equal(emailProblem('contact@raccords.example.fr'), undefined);
    assert.equal(emailProblem('  Jean.Dupont+b2b@Example.FR '), undefined);
    assert.equal(emailProblem(''), 'missing-email');
    assert.equal(emailProblem('   '), 'missing-email');
    for (const bad of [
      'jean@',
      '@example.fr',
      'jean@@example.fr',
      'jean dupont@example.fr',
      'jean@example',
      'jean..d@example.fr',
      'jean@-x.fr',
      'jean@x..fr',
    ]) {
      assert.equal(emailProblem(bad), 'invalid-email', bad);
    }
  });

  it('compares addresses trimmed and case-insensitively', () => {
    assert.equal(emailKey(' A@B.FR '), 'a@b.fr');
  });

  it('flags every account sharing an address unless one of them is already linked', () => {
    const holders = new Map([
      ['shared@x.fr', ['CL1', 'CL2']],
      ['alone@x.fr', ['CL3']],
      ['linked@x.fr', ['CL4', 'CL5']],
    ]);
    const page = [
      { account: 'CL1', email: 'Shared@x.fr' },
      { account: 'CL2', email: 'shared@x.fr' },
      { account: 'CL3', email: 'alone@x.fr' },
      { account: 'CL4', email: 'linked@x.fr' },
      { account: 'CL5', email: 'linked@x.fr' },
    ];
    const duplicates = duplicateEmailAccounts(page, holders, new Set(['CL4']));
    assert.deepEqual([...duplicates.keys()].sort(), ['CL1', 'CL2', 'CL5']);
    assert.deepEqual(duplicates.get('CL5'), ['CL4']);
  });
});
