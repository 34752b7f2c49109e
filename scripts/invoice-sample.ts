/**
 * Renders a sample invoice as the connector generates it (`orders.invoicePdf.source`
 * "generate") from a fresh embedded demo company, and writes its first page as
 * docs/invoice-sample.png (pdftoppm, Debian package poppler-utils, installed when missing).
 *
 *   npm run invoice-sample [-- <out.png>]
 *
 * The demo company plays a whole chain with fixed dates: a quote for a customer with a
 * delivery address of its own, then order → picking → delivery note → invoice (simulator).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseConfig } from '../shared/config';
import { invoiceSellerOf } from '../shared/config/invoice-seller';
import { createSageDb } from '../activities/sage/db';
import { createQuote } from '../activities/sage/quotes';
import { DEFAULT_WRITER_OPTIONS } from '../activities/sage/writer';
import { readInvoiceDocument } from '../activities/orders/sage-invoice';
import { renderInvoicePdf } from '../activities/orders/invoice-pdf';
import { generateDemoCompany } from '../sandbox/sage/generator';
import { advanceChain } from '../sandbox/sage/simulator';

const ROOT = resolve(__dirname, '..');
const DATES = ['2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'];

async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? join(ROOT, 'docs', 'invoice-sample.png'));
  const dir = mkdtempSync(join(tmpdir(), 'sws-invoice-sample-'));
  try {
    const path = join(dir, 'sage.sqlite');
    generateDemoCompany({ path, size: 'tiny', seed: 42 });
    // The embedded default's configuration, on this company.
    const config = parseConfig({ sage: { kind: 'embedded', embedded: { path } } });
    const db = createSageDb(config.sage);
    try {
      const customer = await db
        .selectFrom('F_COMPTET as c')
        .innerJoin('F_LIVRAISON as l', 'l.CT_Num', 'c.CT_Num')
        .select(['c.CT_Num', 'l.LI_No'])
        .where('c.CT_Type', '=', 0)
        .where('c.CT_Sommeil', '=', 0)
        .where('l.LI_Principal', '=', 0)
        .orderBy('c.cbMarq')
        .executeTakeFirstOrThrow();
      const articles = await db
        .selectFrom('F_ARTICLE')
        .select(['AR_Ref', 'AR_PrixVen'])
        .where('AR_Sommeil', '=', 0)
        .where('AR_PrixVen', '>', '1')
        .orderBy('cbMarq')
        .limit(3)
        .execute();
      const quote = await createQuote(
        db,
        {
          webOrderNumber: 'WEB-10482',
          customerAccount: customer.CT_Num.trim(),
          date: '2026-03-02',
          depotNo: 1,
          deliveryAddressNo: customer.LI_No,
          lines: articles.map((a, i) => ({
            articleReference: a.AR_Ref,
            quantity: String(i + 2),
            unitPrice: String(a.AR_PrixVen),
            depotNo: 1,
            ...(i === 1 ? { discountRate: '5' } : {}),
            ...(i === 2 ? { vatRate: '5.5' } : {}),
          })),
        },
        DEFAULT_WRITER_OPTIONS,
      );
      let invoicePiece = '';
      for (const date of DATES) {
        const steps = await advanceChain(db, quote.quotePiece, { date: `${date}T09:00:00.000` });
        invoicePiece = steps[0]?.piece ?? invoicePiece;
      }
      const document = await readInvoiceDocument(db, config, invoicePiece);
      const seller = invoiceSellerOf(config.orders.invoicePdf.company, config.sage.kind);
      const pdfPath = join(dir, `${invoicePiece}.pdf`);
      writeFileSync(pdfPath, await renderInvoicePdf(document, seller));
      execFileSync('bash', [join(ROOT, 'scripts', 'install-pdftoppm.sh')], { stdio: 'inherit' });
      const base = out.replace(/\.png$/i, '');
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '110',
        '-f',
        '1',
        '-l',
        '1',
        '-singlefile',
        pdfPath,
        base,
      ]);
      console.log(`invoice ${invoicePiece} of ${document.customer.account}: wrote ${base}.png`);
    } finally {
      await db.destroy();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
