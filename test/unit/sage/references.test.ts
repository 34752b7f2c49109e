import assert from 'node:assert/strict';
import { depotForPostalCode } from '../../../shared/sage/depots';
import { documentKind, documentStatusLabel, DocumentType } from '../../../shared/sage/documents';
import {
  hasStrayWhitespace,
  nextPieceNumber,
  normaliseKey,
  normaliseText,
  PieceNumberError,
} from '../../../shared/sage/references';

describe('references and documents', () => {
  it('normalises keys and texts', () => {
    assert.equal(normaliseKey('RAC-001   '), 'RAC-001');
    assert.equal(normaliseKey(null), '');
    assert.equal(normaliseText(undefined), '');
    assert.equal(hasStrayWhitespace('A '), true);
    assert.equal(hasStrayWhitespace('A'), false);
    assert.equal(hasStrayWhitespace(null), false);
  });

  it('increments document numbers keeping prefix and width', () => {
    assert.equal(nextPieceNumber('DE00041'), 'DE00042');
    assert.equal(nextPieceNumber('23DE0099'), '23DE0100');
    assert.equal(nextPieceNumber('BC09'), 'BC10');
    assert.equal(nextPieceNumber('FA99'), 'FA100');
    assert.equal(nextPieceNumber('7'), '8');
    assert.throws(() => nextPieceNumber('DEVIS'), PieceNumberError);
    assert.throws(() => nextPieceNumber('ABCDEFGHIJ999'), PieceNumberError);
  });

  it('names document kinds and statuses the way Sage shows them', () => {
    assert.equal(documentKind(DocumentType.Delivery), 'delivery');
    assert.equal(documentKind(42), undefined);
    assert.equal(documentStatusLabel(0, 0), 'Saisi');
    assert.equal(documentStatusLabel(0, 2), 'Accepté');
    assert.equal(documentStatusLabel(1, 2), 'A préparer');
    assert.equal(documentStatusLabel(2, 2), 'A livrer');
    assert.equal(documentStatusLabel(3, 2), 'A facturer');
    assert.equal(documentStatusLabel(6, 2), 'A comptabiliser');
  });

  it('matches a depot by postal code, then by département, else none', () => {
    const depots = [
      { depotNo: 1, postalCode: '69007' },
      { depotNo: 7, postalCode: '69200' },
      { depotNo: 2, postalCode: '13010' },
    ];
    assert.equal(depotForPostalCode('69200', depots)?.depotNo, 7);
    assert.equal(depotForPostalCode(' 13 010 ', depots)?.depotNo, 2);
    assert.equal(depotForPostalCode('69100', depots)?.depotNo, 1);
    assert.equal(depotForPostalCode('98000', depots), undefined);
    assert.equal(depotForPostalCode('', depots), undefined);
    assert.equal(depotForPostalCode(null, depots), undefined);
  });
});
