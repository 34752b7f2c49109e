import assert from 'node:assert/strict';
import {
  ambiguousCodes,
  articleCodesFromMeta,
  articleCodesText,
  effectiveArticleCodes,
} from '../../../shared/customers/article-codes';
import { customerHash } from '../../../shared/customers/content-hash';
import { shopFields } from '../../../shared/customers/fields';
import { customerPayload } from '../../../shared/customers/payload';
import { projectCustomer } from '../../../shared/customers/projection';
import { customersConfig, DEPOTS, sageCustomer } from './fixtures';

describe('customer article codes (pure)', () => {
  const config = customersConfig();
  const KEY = 'meta.sage_customer_codes';
  const code = (account: string, articleReference: string, value: string) => ({
    account,
    articleReference,
    code: value,
  });

  it("a member uses its central's codes where it has none, its own win", () => {
    assert.deepEqual(
      effectiveArticleCodes(
        [code('CL1', 'B', 'MINE-B'), code('CL1', 'C', 'MINE-C')],
        [code('CEN', 'A', 'CEN-A'), code('CEN', 'B', 'CEN-B')],
      ),
      { A: 'CEN-A', B: 'MINE-B', C: 'MINE-C' },
    );
  });

  it('one canonical text: equal codes in any order give one text and one hash', () => {
    const one = articleCodesText({ B: '2', A: '1' });
    assert.equal(one, '{"A":"1","B":"2"}');
    assert.equal(articleCodesText({ A: '1', B: '2' }), one);
    assert.equal(articleCodesText({}), '');
    const hash = (codes: Record<string, string>) =>
      customerHash(
        projectCustomer(sageCustomer({ articleCodes: codes }), { config, depots: DEPOTS }).fields,
      );
    assert.equal(hash({ B: '2', A: '1' }), hash({ A: '1', B: '2' }));
    assert.notEqual(hash({ A: '1' }), hash({ A: '1-bis' }));
    assert.notEqual(hash({ A: '1' }), hash({}));
  });

  it('projects codes only when read; none is an empty field', () => {
    const read = projectCustomer(sageCustomer({ articleCodes: {} }), { config, depots: DEPOTS });
    assert.equal(read.fields[KEY], '');
    const notRead = projectCustomer(sageCustomer(), { config, depots: DEPOTS });
    assert.equal(KEY in notRead.fields, false);
  });

  it('goes out as an object, deleted by null on update, left out on create', () => {
    const objectMeta = ['sage_customer_codes'];
    assert.deepEqual(customerPayload({ [KEY]: '{"A":"1"}' }, objectMeta).meta_data, [
      { key: 'sage_customer_codes', value: { A: '1' } },
    ]);
    assert.deepEqual(customerPayload({ [KEY]: '' }, objectMeta).meta_data, [
      { key: 'sage_customer_codes', value: null },
    ]);
    assert.equal(customerPayload({ [KEY]: '' }, objectMeta, 'create').meta_data, undefined);
  });

  it("reads the shop's copy in the same text (object, JSON text, empty array)", () => {
    const shop = (value: unknown) =>
      shopFields(
        {
          id: 1,
          email: '',
          first_name: '',
          last_name: '',
          role: 'customer',
          billing: {},
          shipping: {},
          meta_data: value === undefined ? [] : [{ key: 'sage_customer_codes', value }],
        },
        [KEY],
      )[KEY];
    assert.equal(shop({ B: '2', A: '1' }), '{"A":"1","B":"2"}');
    assert.equal(shop([]), '');
    assert.equal(shop(undefined), '');
    assert.deepEqual(articleCodesFromMeta('{"A":"1","B":7,"C":" "}'), { A: '1' });
    assert.deepEqual(articleCodesFromMeta('not json'), {});
  });

  it('finds a code naming several articles, without regard to case', () => {
    assert.deepEqual([...ambiguousCodes({ A: 'x-1', B: 'X-1', C: 'y' })], [['X-1', ['A', 'B']]]);
  });
});
