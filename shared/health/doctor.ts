/**
 * The doctor's checks as data: one line per check, its level, and for a failure the fix in its
 * detail. Pure, so that the CLI (workers/doctor.ts) and the doctor workflow format, count and
 * report the same checks the same way.
 */

export type DoctorLevel = 'ok' | 'FAIL' | 'warn';

export interface DoctorCheck {
  level: DoctorLevel;
  check: string;
  detail: string;
}

/** The operator report flow of the doctor workflow (`npm run cli -- reports doctor`). */
export const DOCTOR_FLOW = 'doctor';
/** The problem of a doctor report: the check failed (its detail names the fix). */
export const DOCTOR_FAILED = 'failed';

export const errorMessage = (err: unknown): string =>
  err instanceof Error ? err.message : String(err);

/** One line per check; exit code 1 when any check failed (warnings allowed). */
export function formatDoctor(checks: readonly DoctorCheck[]): { text: string; exitCode: number } {
  const width = Math.max(...checks.map((c) => c.check.length));
  const text = checks
    .map((c) => `${c.level.padEnd(4)}  ${c.check.padEnd(width)}  ${c.detail}\n`)
    .join('');
  return { text, exitCode: checks.some((c) => c.level === 'FAIL') ? 1 : 0 };
}

export interface DoctorCounts {
  failed: number;
  warned: number;
  ok: number;
}

export function countDoctor(checks: readonly DoctorCheck[]): DoctorCounts {
  const count = (level: DoctorLevel) => checks.filter((c) => c.level === level).length;
  return { failed: count('FAIL'), warned: count('warn'), ok: count('ok') };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The doctor workflow's current details (Temporal UI): a headline, then each failure and each
 * warning with its fix, e.g. `2 problems, 1 warning` and `- webhook order.updated: disabled …`.
 */
export function doctorDetails(checks: readonly DoctorCheck[]): string {
  const { failed, warned, ok } = countDoctor(checks);
  const headline =
    failed > 0
      ? `${plural(failed, 'problem')}${warned > 0 ? `, ${plural(warned, 'warning')}` : ''}`
      : `${plural(ok, 'check')} ok${warned > 0 ? `, ${plural(warned, 'warning')}` : ''}`;
  const lines = [
    ...checks.filter((c) => c.level === 'FAIL'),
    ...checks.filter((c) => c.level === 'warn'),
  ].map((c) => `- ${c.level === 'FAIL' ? '' : 'warning: '}${c.check}: ${c.detail}`);
  return [headline, ...lines].join('\n');
}

/** One operator report per failing check, keyed by the check's name. */
export function doctorReports(
  checks: readonly DoctorCheck[],
): { key: string; problem: string; detail: string }[] {
  return checks
    .filter((c) => c.level === 'FAIL')
    .map((c) => ({ key: c.check, problem: DOCTOR_FAILED, detail: c.detail }));
}
