import { sql } from 'kysely';
import { DocumentType } from '../../shared/sage/documents';
import { nextPieceNumber } from '../../shared/sage/references';
import { sageDialect, type SageDb } from './db';
import { SageDataError } from './errors';

/** F_DOCCURRENTPIECE.DC_IdCol per sales document type; posted invoices share the invoice counter. */
function counterColumn(documentType: number): number {
  return documentType === DocumentType.PostedInvoice ? DocumentType.Invoice : documentType;
}

/** Line column recording the origin piece of each stage (numbers Sage must not reuse). */
const ORIGIN_COLUMN = {
  [DocumentType.Quote]: 'DL_PieceDE',
  [DocumentType.Order]: 'DL_PieceBC',
  [DocumentType.Picking]: 'DL_PiecePL',
  [DocumentType.Delivery]: 'DL_PieceBL',
} as const;

/**
 * Takes the next document number of a series and advances the counter. Must run inside
 * withWriteTransaction. On SQL Server the counter row is read WITH (UPDLOCK, HOLDLOCK): the
 * update lock is held until commit, so two writers (or a writer and a Sage user) serialise on
 * it and never get the same number; on the embedded engine BEGIN IMMEDIATE already holds the
 * database write lock. As Sage does, numbers already used are skipped: headers of the same type,
 * and line origins (a transformed document's header may be gone while its number lives on in
 * DL_PieceBC/PL/BL of the moved lines).
 */
export async function allocatePieceNumber(
  trx: SageDb,
  documentType: number,
  series: number,
): Promise<string> {
  const idCol = counterColumn(documentType);
  const current = await lockCounter(trx, idCol, series);
  if (current === undefined || current.trim() === '') {
    throw new SageDataError(
      'NumberingMissing',
      `no F_DOCCURRENTPIECE counter for DC_Domaine=0, DC_IdCol=${idCol}, DC_Souche=${series}`,
    );
  }
  let piece = current.trim();
  while (await isPieceUsed(trx, documentType, piece)) piece = nextPieceNumber(piece);
  await trx
    .updateTable('F_DOCCURRENTPIECE')
    .set({ DC_Piece: nextPieceNumber(piece) })
    .where('DC_Domaine', '=', 0)
    .where('DC_IdCol', '=', idCol)
    .where('DC_Souche', '=', series)
    .execute();
  return piece;
}

async function lockCounter(
  trx: SageDb,
  idCol: number,
  series: number,
): Promise<string | undefined> {
  if (sageDialect(trx) === 'mssql') {
    // Kysely has no table hints: this one statement is written in T-SQL.
    const result = await sql<{ DC_Piece: string | null }>`
      SELECT DC_Piece FROM F_DOCCURRENTPIECE WITH (UPDLOCK, HOLDLOCK)
      WHERE DC_Domaine = 0 AND DC_IdCol = ${idCol} AND DC_Souche = ${series}`.execute(trx);
    return result.rows[0]?.DC_Piece ?? undefined;
  }
  const row = await trx
    .selectFrom('F_DOCCURRENTPIECE')
    .select('DC_Piece')
    .where('DC_Domaine', '=', 0)
    .where('DC_IdCol', '=', idCol)
    .where('DC_Souche', '=', series)
    .executeTakeFirst();
  return row?.DC_Piece ?? undefined;
}

async function isPieceUsed(trx: SageDb, documentType: number, piece: string): Promise<boolean> {
  const types =
    documentType === DocumentType.Invoice || documentType === DocumentType.PostedInvoice
      ? [DocumentType.Invoice, DocumentType.PostedInvoice]
      : [documentType];
  const header = await trx
    .selectFrom('F_DOCENTETE')
    .select('cbMarq')
    .where('DO_Domaine', '=', 0)
    .where('DO_Type', 'in', types)
    .where('DO_Piece', '=', piece)
    .executeTakeFirst();
  if (header) return true;
  const originColumn = ORIGIN_COLUMN[documentType as keyof typeof ORIGIN_COLUMN];
  if (!originColumn) return false;
  const line = await trx
    .selectFrom('F_DOCLIGNE')
    .select('cbMarq')
    .where('DO_Domaine', '=', 0)
    .where(originColumn, '=', piece)
    .executeTakeFirst();
  return line !== undefined;
}
