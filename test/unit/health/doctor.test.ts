import assert from 'node:assert/strict';
import { parseConfig } from '../../../shared/config';
import {
  countDoctor,
  doctorDetails,
  doctorReports,
  type DoctorCheck,
} from '../../../shared/health/doctor';

const checks: DoctorCheck[] = [
  { level: 'ok', check: 'shop', detail: 'reachable' },
  { level: 'warn', check: 'shop plugin', detail: 'not installed: install it' },
  { level: 'FAIL', check: 'order statuses', detail: 'the shop lacks validated: activate it' },
  { level: 'FAIL', check: 'webhook order.updated', detail: 'disabled (#3): re-enable it' },
];

describe('doctor checks as data', () => {
  it('lists the failures, then the warnings, each with its fix, under a headline', () => {
    assert.deepEqual(countDoctor(checks), { failed: 2, warned: 1, ok: 1 });
    assert.equal(
      doctorDetails(checks),
      [
        '2 problems, 1 warning',
        '- order statuses: the shop lacks validated: activate it',
        '- webhook order.updated: disabled (#3): re-enable it',
        '- warning: shop plugin: not installed: install it',
      ].join('\n'),
    );
    assert.equal(doctorDetails(checks.slice(0, 1)), '1 check ok');
  });

  it('makes one operator report per failing check, keyed by the check', () => {
    assert.deepEqual(doctorReports(checks), [
      { key: 'order statuses', problem: 'failed', detail: checks[2].detail },
      { key: 'webhook order.updated', problem: 'failed', detail: checks[3].detail },
    ]);
  });

  it('is scheduled every 6 hours by default, re-enabling the webhooks the shop disabled', () => {
    const schedule = parseConfig({}, {}).schedules.find((s) => s.id === 'doctor');
    assert.ok(schedule);
    assert.deepEqual(
      { workflow: schedule.workflow, every: schedule.every, args: schedule.args },
      { workflow: 'doctor', every: '6h', args: [{ fix: true }] },
    );
  });
});
