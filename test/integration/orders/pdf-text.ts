import type parse from 'pdf-parse';

// pdf-parse's index runs a self-test when required without a parent module (mocha, tsx): load
// the library file itself, which the package's types describe.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pdfParse = require('pdf-parse/lib/pdf-parse.js') as typeof parse;

/** The text of a PDF (pdf.js based reader), non-breaking spaces as plain spaces. */
export async function pdfText(pdf: Buffer): Promise<string> {
  return (await pdfParse(pdf)).text.replace(/\u00a0/g, ' ');
}
