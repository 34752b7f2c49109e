import { sql, type RawBuilder } from 'kysely';
import type { ChangeKey } from '../../shared/sage/types';
import { normaliseKey } from '../../shared/sage/references';
import type { DocumentChangeRow, TableRange } from '../../shared/orders/change-feed';
import { timestampOf } from './convert';
import { sageDialect, type SageDb } from './db';
import type { DbDate } from './schema';
import { changeCondition } from './paging';

/**
 * The order change feed's read (docs/sage-tables.md, From quote to invoice): in ONE statement,
 * the sales document lines and headers changed in each table's range, each table read on its
 * change index (cbModification, cbMarq), at most `limit` rows of each.
 *
 * - Lines outside quotes (DO_Type > 0): a transformation moves a line and stamps it; the quote
 *   it was born in is its DL_PieceDE. Lines still in a quote change no stage and are left out.
 * - Headers: a quote's own (status: lost, accepted) names itself; any other header (a new
 *   document, a status or validation change, e.g. an invoice validated) is joined to its lines
 *   (index DO_Domaine, DO_Type, DO_Piece) for their DL_PieceDE: one row per quote it holds
 *   lines of (a grouped invoice holds several).
 */
export interface DocumentChangePage {
  rows: DocumentChangeRow[];
  /** Last key read per table: resume strictly after it while the table's part was full. */
  lastLine: ChangeKey | null;
  lastHeader: ChangeKey | null;
  linesFull: boolean;
  headersFull: boolean;
}

interface RawRow {
  source: string;
  rowId: number;
  modifiedAt: DbDate;
  documentType: number;
  piece: string;
  quotePiece: string | null;
  status: number;
  validated: number;
}

export async function readDocumentChanges(
  db: SageDb,
  range: { lines: TableRange; headers: TableRange },
  limit: number,
): Promise<DocumentChangePage> {
  const mssql = sageDialect(db) === 'mssql';
  const top: RawBuilder<unknown> = mssql ? sql`TOP (${sql.lit(limit)})` : sql``;
  const tail: RawBuilder<unknown> = mssql ? sql`` : sql`LIMIT ${sql.lit(limit)}`;
  const lineWhere = changeCondition('l0', range.lines.since, range.lines.after);
  const headerWhere = changeCondition('h0', range.headers.since, range.headers.after);
  const query = sql<RawRow>`
    SELECT 'line' AS source, l.cbMarq AS rowId, l.cbModification AS modifiedAt,
           l.DO_Type AS documentType, l.DO_Piece AS piece, l.DL_PieceDE AS quotePiece,
           -1 AS status, -1 AS validated
    FROM (SELECT ${top} l0.cbMarq, l0.cbModification, l0.DO_Type, l0.DO_Piece, l0.DL_PieceDE
          FROM ${sql.table('F_DOCLIGNE')} l0
          WHERE l0.DO_Domaine = 0 AND l0.DO_Type > 0 AND ${lineWhere}
          ORDER BY l0.cbModification, l0.cbMarq ${tail}) l
    UNION ALL
    SELECT DISTINCT 'header', h.cbMarq, h.cbModification, h.DO_Type, h.DO_Piece,
           CASE WHEN h.DO_Type = 0 THEN h.DO_Piece ELSE hl.DL_PieceDE END,
           h.DO_Statut, h.DO_Valide
    FROM (SELECT ${top} h0.cbMarq, h0.cbModification, h0.DO_Type, h0.DO_Piece, h0.DO_Statut,
                 h0.DO_Valide
          FROM ${sql.table('F_DOCENTETE')} h0
          WHERE h0.DO_Domaine = 0 AND ${headerWhere}
          ORDER BY h0.cbModification, h0.cbMarq ${tail}) h
    LEFT JOIN ${sql.table('F_DOCLIGNE')} hl
      ON hl.DO_Domaine = 0 AND h.DO_Type <> 0 AND hl.DO_Type = h.DO_Type
         AND hl.DO_Piece = h.DO_Piece`;
  const { rows: raw } = await query.execute(db);
  const rows = raw.map((r): DocumentChangeRow => ({
    source: r.source === 'line' ? 'line' : 'header',
    rowId: Number(r.rowId),
    modifiedAt: timestampOf(r.modifiedAt),
    documentType: Number(r.documentType),
    piece: normaliseKey(r.piece),
    quote: normaliseKey(r.quotePiece),
    status: Number(r.status),
    validated: Number(r.validated),
  }));
  const lines = rows.filter((r) => r.source === 'line');
  const headerIds = new Set<number>();
  let lastHeader: ChangeKey | null = null;
  for (const r of rows) {
    if (r.source !== 'header') continue;
    headerIds.add(r.rowId);
    const key = { modifiedAt: r.modifiedAt, rowId: r.rowId };
    if (lastHeader === null || keyAfter(key, lastHeader)) lastHeader = key;
  }
  const lastLineRow = lines.reduce<DocumentChangeRow | null>(
    (last, r) =>
      last === null || keyAfter({ modifiedAt: r.modifiedAt, rowId: r.rowId }, keyOfRow(last))
        ? r
        : last,
    null,
  );
  return {
    rows,
    lastLine: lastLineRow ? keyOfRow(lastLineRow) : null,
    lastHeader,
    linesFull: lines.length >= limit,
    headersFull: headerIds.size >= limit,
  };
}

const keyOfRow = (r: DocumentChangeRow): ChangeKey => ({
  modifiedAt: r.modifiedAt,
  rowId: r.rowId,
});
const keyAfter = (a: ChangeKey, b: ChangeKey): boolean =>
  a.modifiedAt > b.modifiedAt || (a.modifiedAt === b.modifiedAt && a.rowId > b.rowId);

/**
 * The latest change time of the document tables (two index look-ups in one statement): where a
 * feed without a watermark starts.
 */
export async function readDocumentChangeHorizon(db: SageDb): Promise<string | null> {
  const { rows } = await sql<{ latest: DbDate | null }>`
    SELECT MAX(m) AS latest FROM (
      SELECT MAX(cbModification) AS m FROM ${sql.table('F_DOCLIGNE')}
      UNION ALL
      SELECT MAX(cbModification) AS m FROM ${sql.table('F_DOCENTETE')}) t`.execute(db);
  const latest = rows[0]?.latest ?? null;
  return latest === null ? null : timestampOf(latest);
}
