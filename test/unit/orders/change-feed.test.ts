import assert from 'node:assert/strict';
import {
  changeKeyOf,
  keysToRemember,
  piecesByQuote,
  rangeOf,
  type DocumentChangeRow,
  type FeedPosition,
} from '../../../shared/orders/change-feed';

const row = (over: Partial<DocumentChangeRow>): DocumentChangeRow => ({
  source: 'header',
  rowId: 1,
  modifiedAt: '2026-11-30T10:00:00.000',
  documentType: 6,
  piece: 'FA00001',
  quote: 'DE00001',
  status: 2,
  validated: 0,
  ...over,
});

describe('change feed (pure parts)', () => {
  it('tells apart two changes of one header in the same minute (an invoice validated)', () => {
    // SQL Server's smalldatetime: both changes carry the same cbModification.
    assert.notEqual(changeKeyOf(row({ validated: 0 })), changeKeyOf(row({ validated: 1 })));
    assert.equal(changeKeyOf(row({})), changeKeyOf(row({})));
  });

  it('reads from the watermark minus the overlap, and on after a cut burst', () => {
    const range = rangeOf(
      { watermark: '2026-11-30T10:02:00.000', after: { modifiedAt: 'x', rowId: 7 } },
      120_000,
    );
    assert.deepEqual(range, {
      since: '2026-11-30T10:00:00.000',
      after: { modifiedAt: 'x', rowId: 7 },
    });
    assert.deepEqual(rangeOf({ watermark: null, after: null }, 120_000), {
      since: null,
      after: null,
    });
  });

  it('remembers only the keys the next read can see again', () => {
    const position: FeedPosition = {
      lines: { watermark: '2026-11-30T10:05:00.000', after: null },
      headers: { watermark: '2026-11-30T10:04:00.000', after: null },
    };
    const old = changeKeyOf(row({ modifiedAt: '2026-11-30T10:01:59.999' }));
    const inWindow = changeKeyOf(row({ modifiedAt: '2026-11-30T10:02:00.000' }));
    assert.deepEqual(keysToRemember([old, inWindow], position, 120_000), [inWindow]);
  });

  it('groups the changed pieces by quote and ignores rows born in no quote', () => {
    const byQuote = piecesByQuote([
      row({ piece: 'FA00002', quote: 'DE00002' }),
      row({ source: 'line', piece: 'BC00001', quote: 'DE00001' }),
      row({ piece: 'FA00002', quote: 'DE00001' }),
      row({ source: 'line', piece: 'BC00001', quote: 'DE00001' }),
      row({ piece: 'BC00009', quote: '' }),
    ]);
    assert.deepEqual(
      [...byQuote],
      [
        ['DE00002', ['FA00002']],
        ['DE00001', ['BC00001', 'FA00002']],
      ],
    );
  });
});
