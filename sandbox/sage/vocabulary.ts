/** Words for a plausible French distributor of hydraulic and industrial fluid connectors. */

export const PRODUCT_LINES = [
  { prefix: 'RAC', name: 'Raccord' },
  { prefix: 'FLX', name: 'Flexible' },
  { prefix: 'VAN', name: 'Vanne' },
  { prefix: 'JNT', name: 'Joint' },
  { prefix: 'ADP', name: 'Adaptateur' },
  { prefix: 'CPL', name: 'Coupleur' },
  { prefix: 'TUB', name: 'Tube' },
  { prefix: 'MAN', name: 'Manomètre' },
  { prefix: 'CLP', name: 'Collier' },
  { prefix: 'EMB', name: 'Embout' },
] as const;

export const FAMILY_WORDS = [
  'Raccords à sertir',
  'Raccords à compression',
  'Raccords instrumentation',
  'Flexibles haute pression',
  'Flexibles basse pression',
  'Vannes à boisseau',
  'Clapets anti-retour',
  'Joints toriques',
  'Joints plats',
  'Adaptateurs BSP',
  'Adaptateurs JIC',
  'Adaptateurs ORFS',
  'Coupleurs rapides',
  'Tubes acier',
  'Tubes inox',
  'Manomètres',
  'Colliers de serrage',
  'Embouts à visser',
  'Pneumatique',
  'Graissage',
  'Filtration',
] as const;

export const ATTRIBUTES = [
  { name: 'Diamètre', values: ['1/8"', '1/4"', '3/8"', '1/2"', '5/8"', '3/4"', '1"', '1"1/4'] },
  { name: 'Filetage', values: ['BSP', 'NPT', 'JIC', 'ORFS', 'Métrique'] },
  { name: 'Matière', values: ['Acier zingué', 'Inox 316', 'Laiton'] },
  { name: 'Longueur', values: ['0,5 m', '1 m', '1,5 m', '2 m', '3 m'] },
  { name: 'Pression', values: ['100 bar', '250 bar', '400 bar'] },
] as const;

export const PACKAGINGS = [
  { label: 'Sachet de 10', quantity: 10 },
  { label: 'Boîte de 25', quantity: 25 },
  { label: 'Carton de 50', quantity: 50 },
  { label: 'Lot de 100', quantity: 100 },
] as const;

/** Cities with their postal codes; the first ones host the depots. */
export const CITIES = [
  { city: 'Lyon', postalCode: '69007' },
  { city: 'Marseille', postalCode: '13010' },
  { city: 'Toulouse', postalCode: '31200' },
  { city: 'Bordeaux', postalCode: '33300' },
  { city: 'Nantes', postalCode: '44300' },
  { city: 'Lille', postalCode: '59000' },
  { city: 'Villeurbanne', postalCode: '69100' },
  { city: 'Vénissieux', postalCode: '69200' },
  { city: 'Aubagne', postalCode: '13400' },
  { city: 'Blagnac', postalCode: '31700' },
  { city: 'Mérignac', postalCode: '33700' },
  { city: 'Saint-Herblain', postalCode: '44800' },
  { city: 'Roubaix', postalCode: '59100' },
  { city: 'Givors', postalCode: '69700' },
  { city: 'Vitrolles', postalCode: '13127' },
  { city: 'Rezé', postalCode: '44400' },
  { city: 'Paris', postalCode: '75011' },
  { city: 'Grenoble', postalCode: '38000' },
  { city: 'Clermont-Ferrand', postalCode: '63000' },
  { city: 'Rennes', postalCode: '35000' },
] as const;

export const COMPANY_WORDS = [
  'Hydro',
  'Fluides',
  'Mécanique',
  'Agri',
  'Industrie',
  'Maintenance',
  'Services',
  'Levage',
  'TP',
  'Garage',
  'Atelier',
  'Technique',
] as const;

export const COMPANY_FORMS = ['SARL', 'SAS', 'SA', 'EURL', 'ETS'] as const;

export const FIRST_NAMES = [
  'Camille',
  'Nicolas',
  'Julie',
  'Thomas',
  'Sophie',
  'Pierre',
  'Marie',
  'Julien',
  'Claire',
  'Antoine',
  'Élodie',
  'François',
] as const;

export const LAST_NAMES = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefèvre',
  'Girard',
] as const;

export const STREETS = [
  'rue de la République',
  'avenue Jean Jaurès',
  'ZI des Perches',
  'rue des Artisans',
  'boulevard de l’Industrie',
  'chemin du Moulin',
  'ZA La Plaine',
] as const;
