/**
 * One run per sync kind: a run that starts while another run of the same workflow type is in
 * progress ends at once as skipped. Of two runs that see each other, the one that started first
 * (ties broken by workflow id) goes on, so exactly one of them proceeds.
 */

export interface RunIdentity {
  workflowId: string;
  /** ISO time the run started (visibility's StartTime). */
  startTime: string;
}

/** The running run that goes before `self`, if any (the earliest of them). */
export function runAhead(self: RunIdentity, running: readonly RunIdentity[]): RunIdentity | null {
  const before = (a: RunIdentity, b: RunIdentity): boolean => {
    const ta = Date.parse(a.startTime);
    const tb = Date.parse(b.startTime);
    return ta !== tb ? ta < tb : a.workflowId < b.workflowId;
  };
  let ahead: RunIdentity | null = null;
  for (const run of running) {
    if (run.workflowId === self.workflowId) continue;
    if (before(run, self) && (ahead === null || before(run, ahead))) ahead = run;
  }
  return ahead;
}
