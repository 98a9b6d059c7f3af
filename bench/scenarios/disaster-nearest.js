// Evacuation guidance with the national file's size loaded (issue 5): nearest suitable open shelter.
import { api, OPERATOR_TOKEN, signInStaff } from './disaster-support.js';

const SITES = 110_000;
const HEADER =
  'NO,共通ID,都道府県名及び市町村名,施設・場所名,住所,洪水,崖崩れ、土石流及び地滑り,高潮,地震,津波,大規模な火事,内水氾濫,火山現象,指定避難所との住所同一,緯度,経度,備考';
/** Where people live: prefectural capitals (lat, lon), as the sites are spread around them. */
const CENTRES = [
  [43.06, 141.35],
  [40.82, 140.74],
  [39.7, 141.15],
  [38.27, 140.87],
  [39.72, 140.1],
  [38.24, 140.36],
  [37.75, 140.47],
  [36.34, 140.45],
  [36.57, 139.88],
  [36.39, 139.06],
  [35.86, 139.65],
  [35.61, 140.12],
  [35.69, 139.69],
  [35.45, 139.64],
  [37.9, 139.02],
  [36.7, 137.21],
  [36.59, 136.63],
  [36.07, 136.22],
  [35.66, 138.57],
  [36.65, 138.18],
  [35.39, 136.72],
  [34.98, 138.38],
  [35.18, 136.91],
  [34.73, 136.51],
  [35.0, 135.87],
  [35.02, 135.76],
  [34.69, 135.52],
  [34.69, 135.18],
  [34.69, 135.83],
  [34.23, 135.17],
  [35.5, 134.24],
  [35.47, 133.05],
  [34.66, 133.93],
  [34.4, 132.46],
  [34.19, 131.47],
  [34.07, 134.56],
  [34.34, 134.04],
  [33.84, 132.77],
  [33.56, 133.53],
  [33.61, 130.42],
  [33.25, 130.3],
  [32.74, 129.87],
  [32.79, 130.74],
  [33.24, 131.61],
  [31.91, 131.42],
  [31.56, 130.56],
  [26.21, 127.68],
];

/** A deterministic pseudo-random sequence, so every run loads the same sites and asks the same questions. */
function random(seed) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/** @param {number} count */
function synthesizedFiles(count) {
  const next = random(20260311);
  /** @type {string[]} */
  const files = [];
  let rows = [];
  for (let i = 0; i < count; i++) {
    const [lat, lon] = /** @type {[number, number]} */ (CENTRES[i % CENTRES.length]);
    const flags = Array.from({ length: 8 }, (_, bit) => (next() < [0.6, 0.4, 0.1, 0.8, 0.1, 0.5, 0.4, 0.05][bit] ? '1' : ''));
    rows.push(
      `${i + 1},S${String(i).padStart(10, '0')}201,合成県合成市${i % CENTRES.length},合成避難場所${i},合成住所${i},${flags.join(',')},,${(lat + (next() - 0.5) * 0.8).toFixed(6)},${(lon + (next() - 0.5) * 0.8).toFixed(6)},`,
    );
    if (rows.length === 10_000) {
      files.push([HEADER, ...rows].join('\r\n'));
      rows = [];
    }
  }
  if (rows.length > 0) files.push([HEADER, ...rows].join('\r\n'));
  return files;
}

/** @type {import('./index.js').Scenario} */
export default {
  name: 'disaster-nearest',
  description: `GET /api/disaster/events/:id/nearest (flood, 5 nearest open) at 200 places around Japan, with Aizuwakamatsu's real sites plus ${SITES.toLocaleString('en')} synthesized ones loaded and every flood site open`,
  target: 'nearest suitable open shelter at p99 < 20 ms with 110,000 sites loaded (issue 5)',
  limits: { p99_ms: 20 },
  analyze: true,
  env: { OPERATOR_TOKEN, BODY_LIMIT_BYTES: String(16 * 1024 * 1024) },
  async setup({ url }) {
    const origin = url.replace('127.0.0.1', 'localhost');
    const started = Date.now();
    for (const file of synthesizedFiles(SITES - 301)) {
      const response = await fetch(`${origin}/api/disaster/shelters/imports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'text/csv' },
        body: file,
      });
      if (response.status !== 200) throw new Error(`import failed: ${response.status} ${await response.text()}`);
    }
    const staff = await signInStaff(origin);
    const declared = await api(origin, 'POST', '/events', {
      cookie: staff.cookie,
      body: { hazard: 'flood', title: 'ベンチ洪水', openAllSuitable: true },
    });
    const total = (await api(origin, 'GET', '/shelters?limit=1')).total;
    process.stderr.write(
      `  ${total} sites loaded, ${declared.sheltersOpened} open for the flood, in ${Math.round((Date.now() - started) / 1000)} s\n`,
    );
    const next = random(7);
    const places = Array.from({ length: 200 }, (_, i) => {
      const [lat, lon] = i % 4 === 0 ? [37.4945, 139.9298] : /** @type {[number, number]} */ (CENTRES[Math.floor(next() * CENTRES.length)]);
      return [lat + (next() - 0.5) * 0.3, lon + (next() - 0.5) * 0.3];
    });
    return {
      requests: places.map(([lat, lon]) => ({
        method: 'GET',
        path: `/api/disaster/events/${declared.event.id}/nearest?lat=${lat?.toFixed(5)}&lon=${lon?.toFixed(5)}&limit=5`,
      })),
      async check() {
        return { sites_loaded: total, open_for_flood: declared.sheltersOpened };
      },
    };
  },
};
