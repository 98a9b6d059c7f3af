import type { PortalId, ServiceModule } from '../services';

export type IconName = ServiceModule | PortalId;

// 24×24 line drawings; kept as data so each icon is one short entry.
const paths: Record<IconName, string[]> = {
  procedures: ['M7 3h7l5 5v13H7z', 'M14 3v5h5', 'M10 14.5l2 2 4-4'],
  currency: ['M12 4a8 8 0 1 0 0 16a8 8 0 1 0 0-16z', 'M9 7.5l3 4 3-4', 'M12 11.5v5.5', 'M9.5 12.5h5', 'M9.5 15h5'],
  tourism: ['M12 21s-6.5-5.6-6.5-11a6.5 6.5 0 0 1 13 0c0 5.4-6.5 11-6.5 11z', 'M12 7.8a2.2 2.2 0 1 0 0 4.4a2.2 2.2 0 1 0 0-4.4z'],
  agri: ['M12 21v-8', 'M12 13c0-4.4 3-7.5 8-7.5 0 4.4-3 7.5-8 7.5z', 'M12 16c0-3.3-2.6-6-7-6 0 3.3 2.6 6 7 6z'],
  disaster: ['M3 12a9 9 0 0 1 18 0z', 'M12 12v6a2 2 0 0 1-4 0', 'M12 3v-0.5'],
  health: ['M12 20s-7.5-4.6-7.5-10.2A4.2 4.2 0 0 1 12 7.3a4.2 4.2 0 0 1 7.5 2.5C19.5 15.4 12 20 12 20z', 'M7 12.5h2.8l1.5-2.5 2 4 1.5-1.5H17'],
  telemedicine: ['M5 4h14a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z', 'M8 20h8', 'M12 16v4', 'M12 7.5v5', 'M9.5 10h5'],
  wellbeing: ['M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z', 'M8.5 14a4 4 0 0 0 7 0', 'M9 9.5h0.01', 'M15 9.5h0.01'],
  citizen: ['M12 4a3.5 3.5 0 1 0 0 7a3.5 3.5 0 1 0 0-7z', 'M5 20c0-3.9 3.1-6.5 7-6.5s7 2.6 7 6.5'],
  business: [
    'M4 9l1.5-5h13L20 9',
    'M4 9c0 1.4 1.2 2.5 2.7 2.5S9.3 10.4 9.3 9c0 1.4 1.2 2.5 2.7 2.5s2.7-1.1 2.7-2.5c0 1.4 1.2 2.5 2.7 2.5S20 10.4 20 9',
    'M5.5 11.5V20h13v-8.5',
    'M10 20v-4.5h4V20',
  ],
  staff: ['M3 20h18', 'M5 20V9h14v11', 'M4 9l8-5 8 5', 'M9 12v5', 'M12 12v5', 'M15 12v5'],
  operator: [
    'M12 9a3 3 0 1 0 0 6a3 3 0 1 0 0-6z',
    'M12 3v2.5M12 18.5V21M3 12h2.5M18.5 12H21M5.6 5.6l1.8 1.8M16.6 16.6l1.8 1.8M5.6 18.4l1.8-1.8M16.6 7.4l1.8-1.8',
  ],
};

/** A decorative icon; the text beside it carries the meaning. */
export function Icon({ name }: { name: IconName }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
      {paths[name].map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}
