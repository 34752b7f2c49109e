import type { ConnectionLike } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { errorMessage as message, type DoctorCheck } from '../../shared/health/doctor';
import { SEARCH_ATTRIBUTES } from '../../shared/search-attributes';

const INDEXED = temporal.api.enums.v1.IndexedValueType;

/**
 * The doctor's Temporal checks on a connected client (the CLI connects one from the
 * configuration; the `doctorTemporal` activity uses its worker's): the namespace answers and
 * every search attribute the workflows set is registered with its type. Never throws.
 */
export async function temporalDoctorChecks(
  connection: Pick<ConnectionLike, 'operatorService'>,
  where: { address: string; namespace: string },
): Promise<DoctorCheck[]> {
  const { address, namespace } = where;
  let customAttributes;
  try {
    ({ customAttributes } = await connection.operatorService.listSearchAttributes({ namespace }));
  } catch (err) {
    return [
      {
        level: 'FAIL',
        check: 'temporal',
        detail: `${address}, namespace ${namespace}: ${message(err)}`,
      },
    ];
  }
  const problems: string[] = [];
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) {
    const found = customAttributes?.[name];
    const wanted = INDEXED[`INDEXED_VALUE_TYPE_${type.toUpperCase()}` as keyof typeof INDEXED];
    if (found === undefined || found === null) problems.push(`${name} (${type}) missing`);
    else if (found !== wanted) problems.push(`${name} is ${INDEXED[found]}, not ${type}`);
  }
  return [
    { level: 'ok', check: 'temporal', detail: `${address}, namespace ${namespace}` },
    problems.length === 0
      ? {
          level: 'ok',
          check: 'search attributes',
          detail: `${Object.keys(SEARCH_ATTRIBUTES).length} registered`,
        }
      : {
          level: 'FAIL',
          check: 'search attributes',
          detail: `${problems.join(', ')}: temporal operator search-attribute create --namespace ${namespace} --name NAME --type TYPE (README, "Search attributes on a Temporal cluster")`,
        },
  ];
}
