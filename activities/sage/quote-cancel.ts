import { DocumentStatus, DocumentType } from '../../shared/sage/documents';
import type { SageDb } from './db';
import { withWriteTransaction } from './transaction';

export type QuoteCancelOutcome = 'marked' | 'deleted' | 'already-gone' | 'moved-on';

/**
 * A web order cancelled in the shop before the sales rep validated it: its quote is marked
 * lost (DO_Statut 3 "Perdu", kept for the record) or deleted, as configured. Only a document
 * that is still a quote — every line still in it — is touched; once the rep turned any line
 * into an order, Sage is the master and nothing is changed ('moved-on'). Idempotent.
 */
export async function cancelQuote(
  db: SageDb,
  quote: string,
  mode: 'mark' | 'delete',
): Promise<QuoteCancelOutcome> {
  return withWriteTransaction(db, async (trx) => {
    const header = await trx
      .selectFrom('F_DOCENTETE')
      .select(['cbMarq', 'DO_Statut'])
      .where('DO_Domaine', '=', 0)
      .where('DO_Type', '=', DocumentType.Quote)
      .where('DO_Piece', '=', quote)
      .executeTakeFirst();
    const movedLines = await trx
      .selectFrom('F_DOCLIGNE')
      .select('cbMarq')
      .where('DO_Domaine', '=', 0)
      .where('DL_PieceDE', '=', quote)
      .where('DO_Type', '<>', DocumentType.Quote)
      .executeTakeFirst();
    if (movedLines) return 'moved-on';
    if (!header) return 'already-gone';
    if (mode === 'mark') {
      if (header.DO_Statut !== DocumentStatus.QuoteLost) {
        await trx
          .updateTable('F_DOCENTETE')
          .set({ DO_Statut: DocumentStatus.QuoteLost })
          .where('cbMarq', '=', header.cbMarq)
          .execute();
      }
      return 'marked';
    }
    await trx
      .deleteFrom('F_DOCLIGNE')
      .where('DO_Domaine', '=', 0)
      .where('DO_Type', '=', DocumentType.Quote)
      .where('DO_Piece', '=', quote)
      .execute();
    await trx.deleteFrom('F_DOCENTETE').where('cbMarq', '=', header.cbMarq).execute();
    return 'deleted';
  });
}
