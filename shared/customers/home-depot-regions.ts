/**
 * Départements → depot, the way a distributor organises its accounts: by region, each region
 * attached to a depot. The default map fits the demo company (depots by code: Lyon LYO,
 * Marseille MRS, Toulouse TLS, Bordeaux BOD, Nantes NTE, Lille LIL) and covers every
 * département of metropolitan France (Corsica as 2A / 2B) and overseas (97x, 98x but Monaco's
 * 980). An entry naming a depot code the company does not have matches nothing, so this default
 * never assigns a real company's accounts to depots it does not know: give your own map.
 */
const REGIONS: Record<string, readonly string[]> = {
  // Auvergne-Rhône-Alpes, Bourgogne-Franche-Comté, south of Grand Est.
  LYO: [
    '01',
    '03',
    '07',
    '10',
    '15',
    '21',
    '25',
    '26',
    '38',
    '39',
    '42',
    '43',
    '52',
    '54',
    '55',
    '57',
    '58',
    '63',
    '67',
    '68',
    '69',
    '70',
    '71',
    '73',
    '74',
    '88',
    '89',
    '90',
  ],
  // Provence-Alpes-Côte d'Azur, Corsica, east of Occitanie; Réunion, Mayotte and the Pacific
  // (shipped through Marseille).
  MRS: [
    '04',
    '05',
    '06',
    '13',
    '2A',
    '2B',
    '30',
    '34',
    '48',
    '83',
    '84',
    '974',
    '976',
    '984',
    '986',
    '987',
    '988',
  ],
  // West of Occitanie.
  TLS: ['09', '11', '12', '31', '32', '46', '65', '66', '81', '82'],
  // Nouvelle-Aquitaine.
  BOD: ['16', '17', '19', '23', '24', '33', '40', '47', '64', '79', '86', '87'],
  // Bretagne, Pays de la Loire, Centre-Val de Loire, west of Normandie; the Antilles, Guyane and
  // Saint-Pierre-et-Miquelon (shipped through the Atlantic port of Nantes–Saint-Nazaire).
  NTE: [
    '14',
    '18',
    '22',
    '28',
    '29',
    '35',
    '36',
    '37',
    '41',
    '44',
    '45',
    '49',
    '50',
    '53',
    '56',
    '61',
    '72',
    '85',
    '971',
    '972',
    '973',
    '975',
    '977',
    '978',
  ],
  // Hauts-de-France, Île-de-France, east of Normandie, north of Grand Est.
  LIL: [
    '02',
    '08',
    '27',
    '51',
    '59',
    '60',
    '62',
    '75',
    '76',
    '77',
    '78',
    '80',
    '91',
    '92',
    '93',
    '94',
    '95',
  ],
};

/** The demo company's département → depot code map (the configuration's default). */
export const DEMO_DEPARTMENT_DEPOTS: Record<string, string> = Object.fromEntries(
  Object.entries(REGIONS).flatMap(([code, departments]) => departments.map((d) => [d, code])),
);

/**
 * Département of a French postal code: two digits, three overseas (97x, 98x), 2A / 2B for
 * Corsica (200xx–201xx Corse-du-Sud, the others Haute-Corse). Undefined unless five digits.
 */
export function departmentOf(postalCode: string): string | undefined {
  const code = postalCode.replace(/\s+/g, '');
  if (!/^\d{5}$/.test(code)) return undefined;
  if (code.startsWith('97') || code.startsWith('98')) return code.slice(0, 3);
  if (code.startsWith('20')) return Number(code.slice(0, 3)) < 202 ? '2A' : '2B';
  return code.slice(0, 2);
}

/** ISO codes of France and the territories whose addresses carry French postal codes. */
const FRENCH_CODES = new Set([
  'FR',
  'GP',
  'MQ',
  'GF',
  'RE',
  'YT',
  'PM',
  'BL',
  'MF',
  'NC',
  'PF',
  'WF',
  'TF',
]);

/**
 * Whether an address may be placed by its French département: country blank, France or a French
 * overseas territory, by name (as Sage stores it, through `countries`) or ISO code. A foreign
 * postal code that looks French (German 69117, Monaco 98000) is not.
 */
export function isFrenchAddress(country: string, countries: Record<string, string>): boolean {
  const name = country.trim();
  if (name === '') return true;
  const wanted = name.toLocaleLowerCase('fr');
  const iso =
    Object.entries(countries).find(([n]) => n.toLocaleLowerCase('fr') === wanted)?.[1] ??
    name.toUpperCase();
  return FRENCH_CODES.has(iso.toUpperCase());
}
