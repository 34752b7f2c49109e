import type { Config } from '../../shared/config';
import { errorMessage as message, type DoctorCheck } from '../../shared/health/doctor';
import type { SageDb } from '../sage/db';
import { checkSageSchema } from '../sage/schema-check';
import { columnWidths } from '../sage/column-widths';
import { readDepots } from '../sage/stock';

/**
 * The doctor's Sage checks (the CLI's `doctor` and the `doctorSage` activity of the doctor
 * workflow): the company reachable, every table and free-field column the configuration names,
 * the configured depots, the text column widths. Never throws: a failing read fails its check.
 */
export async function sageDoctorChecks(
  config: Config,
  openDb: () => Promise<SageDb>,
): Promise<DoctorCheck[]> {
  let db;
  try {
    db = await openDb();
  } catch (err) {
    return [{ level: 'FAIL', check: 'sage', detail: message(err) }];
  }
  const out: DoctorCheck[] = [];
  const { sage, orders, stock } = config;
  let schema;
  try {
    schema = await checkSageSchema(db, sage.freeFields, [
      orders.sageFields.shop,
      orders.sageFields.priceFlag,
    ]);
  } catch (err) {
    return [
      {
        level: 'FAIL',
        check: 'sage',
        detail: `${message(err)}: check sage.kind and its connection (sage.sqlServer / sage.embedded.path)`,
      },
    ];
  }
  out.push({ level: 'ok', check: 'sage', detail: `${sage.kind} company reachable` });
  if (schema.ok) {
    out.push({
      level: 'ok',
      check: 'sage columns',
      detail: 'every table and column read, free fields included',
    });
  } else {
    out.push({
      level: 'FAIL',
      check: 'sage columns',
      detail: `missing ${[...schema.missingTables, ...schema.missingColumns].join(', ')}: create them (free fields in Sage's "informations libres"), or name existing ones in sage.freeFields / orders.sageFields ('' turns an order field off)`,
    });
  }

  try {
    const known = new Set((await readDepots(db)).map((d) => Number(d.depotNo)));
    const named = [
      ...stock.groups.flatMap((g) => g.members),
      ...stock.excluded,
      ...Object.keys(stock.codes).map(Number),
    ];
    const unknown = [...new Set(named.filter((n) => !known.has(n)))];
    out.push(
      known.size === 0
        ? { level: 'FAIL', check: 'sage depots', detail: 'no depot in the company (F_DEPOT)' }
        : unknown.length > 0
          ? {
              level: 'FAIL',
              check: 'sage depots',
              detail: `depot(s) ${unknown.join(', ')} named in stock.groups / stock.excluded / stock.codes do not exist: fix the configuration`,
            }
          : {
              level: 'ok',
              check: 'sage depots',
              detail: `${known.size} depot(s), every configured one known`,
            },
    );
  } catch (err) {
    out.push({ level: 'FAIL', check: 'sage depots', detail: message(err) });
  }

  try {
    const widths = await columnWidths(db);
    const sources = [...widths.sources.values()];
    const fromModel = sources.filter((s) => s === 'model').length;
    out.push(
      fromModel === 0
        ? {
            level: 'ok',
            check: 'sage column widths',
            detail: `${sources.length} text column(s) read`,
          }
        : {
            level: 'warn',
            check: 'sage column widths',
            detail: `${fromModel} of ${sources.length} width(s) from the model, not the database (an old embedded company file: delete it to regenerate)`,
          },
    );
  } catch (err) {
    out.push({ level: 'FAIL', check: 'sage column widths', detail: message(err) });
  }
  return out;
}
