/**
 * The city services shown on the home page, in the order of the city's report.
 * Names and descriptions live in the i18n messages under `services.items.<module>`;
 * the server's catalog only decides whether each one is available.
 */
export const serviceModules = [
  { module: 'procedures', mark: '①' },
  { module: 'currency', mark: '②' },
  { module: 'tourism', mark: '③' },
  { module: 'agri', mark: '④' },
  { module: 'disaster', mark: '⑤' },
  { module: 'health', mark: '⑥' },
  { module: 'telemedicine', mark: '⑦' },
  { module: 'wellbeing', mark: null },
] as const;

export type ServiceModule = (typeof serviceModules)[number]['module'];

export type PortalId = 'citizen' | 'business' | 'staff' | 'operator';

/**
 * The four portals of the web app. Set `path` to the route once a portal exists,
 * and its card becomes a link.
 */
export const portals: readonly { id: PortalId; path: string | null }[] = [
  { id: 'citizen', path: '/mydata' },
  // The currency's shop portal and city admin are the first business and staff pages.
  { id: 'business', path: '/shop' },
  { id: 'staff', path: '/currency/admin' },
  { id: 'operator', path: null },
];
