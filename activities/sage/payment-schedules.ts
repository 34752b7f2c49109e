import { normaliseKey } from '../../shared/sage/references';
import type { PaymentInstalment } from '../../shared/sage/types';
import { decimalOf, optionalTimestampOf, textOf } from './convert';
import type { SageDb } from './db';

function instalmentQuery(db: SageDb) {
  return db
    .selectFrom('F_DOCREGL as r')
    .select(['r.DR_No', 'r.DR_Date', 'r.DR_Libelle', 'r.DR_Montant', 'r.DR_Regle'])
    .where('r.DO_Domaine', '=', 0);
}
type InstalmentRow = Awaited<ReturnType<ReturnType<typeof instalmentQuery>['execute']>>[number];

function instalmentOf(row: InstalmentRow): PaymentInstalment {
  return {
    instalmentNo: row.DR_No,
    dueDate: optionalTimestampOf(row.DR_Date),
    label: textOf(row.DR_Libelle),
    amount: decimalOf(row.DR_Montant),
    settled: row.DR_Regle === 1,
  };
}

/**
 * The payment schedule (F_DOCREGL) of a sales document, in due-date order; empty when the
 * company holds none for it.
 */
export async function readPaymentSchedule(
  db: SageDb,
  documentType: number,
  piece: string,
): Promise<PaymentInstalment[]> {
  const rows = await instalmentQuery(db)
    .where('r.DO_Type', '=', documentType)
    .where('r.DO_Piece', '=', normaliseKey(piece))
    .orderBy('r.DR_Date')
    .orderBy('r.DR_No')
    .execute();
  return rows.map(instalmentOf);
}
