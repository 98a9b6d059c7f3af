import type { Messages } from './ja';

/** English messages; typed against the Japanese ones so keys cannot drift. */
export const en: Messages = {
  meta: {
    title: 'Tsunagu | City OS',
    titleWithCity: '{{city}} × Tsunagu | City OS',
  },
  skipLink: 'Skip to main content',
  header: {
    brand: 'Tsunagu',
    tagline: 'City OS',
    navLabel: 'On this page',
    nav: {
      services: 'Services',
      portals: 'Portals',
      developers: 'For developers',
    },
  },
  language: {
    switchTo: '日本語',
    ariaLabel: '日本語 — Switch the display language to Japanese',
  },
  hero: {
    eyebrow: 'Tsunagu, an open-source City OS',
    title: 'One ID connects the services of your city.',
    lead: 'Tsunagu (“to connect”) links city procedures, payments, tourism, disaster safety and healthcare — safely, and only with each resident’s consent.',
    pointsLabel: 'What Tsunagu gives you',
    points: {
      id: {
        title: 'One City OS ID',
        body: 'Register once and use the same ID for the services of your city.',
      },
      consent: {
        title: 'Your data, your choice',
        body: 'You choose what each service may use (opt-in). You can see who used your data, when and why, and withdraw your consent at any time.',
      },
      linked: {
        title: 'Services that work together',
        body: 'Services cooperate through the data linkage layer — for example, paying for tours or local produce with the regional currency — so you do less work.',
      },
    },
  },
  services: {
    heading: 'City services',
    intro:
      'The seven services put in place by Aizuwakamatsu’s smart city programme, plus the Well-Being indicators that measure how life in the city feels.',
    loading: 'Checking which services are available…',
    loadFailed: 'We could not check which services are available. Please reload the page later.',
    open: 'Open',
    items: {
      procedures: {
        name: 'Writing-free procedures navigator',
        description: 'With your consent, forms are filled in from what the city already knows, so you don’t write the same things again and again.',
      },
      currency: {
        name: 'Regional digital currency',
        description: 'Local money you pay with on your phone, like Aizu Coin. Lower fees for shops, and sales turn into cash quickly.',
      },
      tourism: {
        name: 'Tourism DX starting from industrial tourism',
        description: 'Book and pay for study visits, business trips and sightseeing in one place, with packages that fit your purpose.',
      },
      agri: {
        name: 'Local food and farm matching',
        description: 'Connects local farmers with restaurants and inns. Orders are paid with the regional digital currency.',
      },
      disaster: {
        name: 'Location-based disaster safety',
        description: 'In a disaster, check that your family is safe and get directions to a nearby shelter. It also helps people who need support.',
      },
      health: {
        name: 'PHR/EHR healthcare data linkage',
        description:
          'Brings your daily records, such as blood pressure and weight, together with prescriptions and test results from clinics — with your consent.',
      },
      telemedicine: {
        name: 'Telemedicine with PHR/EHR',
        description: 'A doctor keeps an eye on the blood pressure you measure at home, and you can see them or ask for health advice online.',
      },
      wellbeing: {
        name: 'Well-Being indicators',
        description: 'Results of the city’s Well-Being survey and how the city is doing against its targets (KPIs).',
      },
    },
  },
  status: {
    available: 'Available',
    comingSoon: 'Coming soon',
    checking: 'Checking',
  },
  portals: {
    heading: 'Portals',
    intro: 'Each kind of user gets its own way in.',
    items: {
      citizen: {
        name: 'Citizens and visitors',
        description: 'See and change your consents, see who used your data, and use the services.',
      },
      business: {
        name: 'Businesses',
        description: 'Work for shops, producers, restaurants and inns, tourism operators and clinics.',
      },
      staff: {
        name: 'City staff',
        description: 'Counter, disaster, welfare, health and policy (KPI) work.',
      },
      operator: {
        name: 'Operators',
        description: 'Running the platform: service clients, keys, backups and monitoring.',
      },
    },
  },
  developers: {
    heading: 'For developers',
    intro: 'Services reach the City OS only through its published APIs, so an outside company can connect a service the same way.',
    docs: 'API reference',
    docsNote: 'OpenAPI 3.1 descriptions of every module',
    catalog: 'API catalog',
    catalogNote: '/.well-known/api-catalog (RFC 9727)',
  },
  footer: {
    openSource: 'Tsunagu is an open-source City OS (Apache License 2.0).',
    model: 'It is modelled on the smart city programme of Aizuwakamatsu, Fukushima.',
    synthetic: 'All residents in this demo are synthetic: none of them are real people.',
  },
  notFound: {
    title: 'Page not found',
    body: 'The page you are looking for has moved or does not exist yet.',
    home: 'Back to the home page',
  },
};
