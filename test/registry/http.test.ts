import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR_TOKEN, startTestApp, type TestApp } from '../support/app.ts';
import { csv } from './support.ts';

let app: TestApp;
const auth = { authorization: `Bearer ${OPERATOR_TOKEN}` };

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

type Page = { items: { id: string; name: string; nameKana: string; district: string; residentCode: string }[]; total: number };
type Problem = {
  status: number;
  code: string;
  title: string;
  type: string;
  detail: string;
  errors: { in: string; field: string; message: string }[];
};

function postCsv(body: string | Buffer, query = '', headers: Record<string, string> = { 'content-type': 'text/csv; charset=utf-8' }) {
  return app.http.inject({ method: 'POST', url: `/api/registry/imports${query}`, headers: { ...auth, ...headers }, payload: body });
}

const search = async (query: string) => {
  const res = await app.http.inject({ method: 'GET', url: `/api/registry/persons?${query}`, headers: auth });
  expect(res.statusCode).toBe(200);
  return res.json<Page>();
};

const newHousehold = (code: string, firstResident: number, dateOfBirth = '1985-10-10') =>
  csv([
    {
      世帯番号: code,
      住民票コード: String(firstResident),
      氏名: '猪苗代 湖太郎',
      フリガナ: 'いなわしろ こたろう',
      生年月日: dateOfBirth,
      性別: '男',
      続柄: '世帯主',
      町名: '材木町',
      番地: '1-5',
    },
    {
      世帯番号: code,
      住民票コード: String(firstResident + 1),
      氏名: '猪苗代 磐梯',
      フリガナ: 'いなわしろ ばんだい',
      生年月日: '1987-11-11',
      性別: '女',
      続柄: '妻',
      町名: '材木町',
      番地: '1-5',
    },
  ]);

describe('registry resident endpoints', () => {
  it('refuse a caller without the operator token with 401', async () => {
    const calls = [
      { method: 'GET' as const, url: '/api/registry/persons?q=あいづ' },
      { method: 'GET' as const, url: '/api/registry/persons/01900000-0000-7000-8000-000000000000' },
      {
        method: 'POST' as const,
        url: '/api/registry/imports',
        headers: { 'content-type': 'text/csv' },
        payload: newHousehold('300000', 30000000001),
      },
    ];
    for (const call of calls) {
      const res = await app.http.inject(call);
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect((await search('q=いなわしろ')).total).toBe(0);
  });

  it('import a CSV posted as text/csv and answer 201 with the report', async () => {
    const res = await postCsv(newHousehold('300001', 30000000011), '?effectiveDate=2025-04-01');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      rows: 2,
      created: 2,
      updated: 0,
      unchanged: 0,
      changesRecorded: 0,
      effectiveDate: '2025-04-01',
      dryRun: false,
      errors: [],
    });
    expect((await search('q=いなわしろ')).total).toBe(2);
    expect((await postCsv(newHousehold('300001', 30000000011))).json()).toMatchObject({ unchanged: 2, created: 0 });
  });

  it('answer a CSV with bad rows with a 422 problem naming each row and column, and import nothing', async () => {
    const bad = newHousehold('300002', 30000000021, '1985-02-30').replace('材木町,1-5,', '存在しない町,1-5,');
    const res = await postCsv(bad);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = res.json<Problem>();
    expect(problem).toMatchObject({ status: 422, code: 'import_rows_invalid' });
    expect(problem.type).toContain('/problems/import_rows_invalid');
    expect(problem.errors.map((e) => e.field)).toEqual(['/2/生年月日', '/2/町名']);
    expect(problem.errors[0]?.message).toMatch(/not a date .* \/ .*日付/);
    expect((await search('q=30000000021')).total).toBe(0);
  });

  it('answer a body that is not text/csv with 415, and CSV that is not in its declared charset with 422', async () => {
    const json = await postCsv('{"rows": []}', '', { 'content-type': 'application/json' });
    expect(json.statusCode).toBe(415);
    expect(json.json<Problem>().detail).toContain('text/csv');
    const shiftJis = await postCsv(Buffer.from([0x90, 0xa2, 0x91, 0xd1, 0x0a]));
    expect(shiftJis.statusCode).toBe(422);
    expect(shiftJis.json<Problem>().errors[0]?.message).toBe('the file is not valid UTF-8 / ファイルが UTF-8 として読めません');
    const unknown = await postCsv(newHousehold('300009', 30000000091), '', { 'content-type': 'text/csv; charset=x-martian' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json<Problem>().errors[0]?.message).toContain('x-martian');
    expect((await search('q=30000000091')).total).toBe(0);
  });

  it('import a file saved as Shift_JIS, told by its charset or without one', async () => {
    const declared = await postCsv(iconv.encode(newHousehold('300007', 30000000071), 'windows-31j'), '', {
      'content-type': 'text/csv; charset=Shift_JIS',
    });
    expect(declared.statusCode).toBe(201);
    const guessed = await postCsv(iconv.encode(newHousehold('300008', 30000000081), 'windows-31j'), '', { 'content-type': 'text/csv' });
    expect(guessed.statusCode).toBe(201);
    const found = await search('q=30000000081');
    expect(found.items.map((p) => [p.residentCode, p.name, p.district])).toEqual([['30000000081', '猪苗代 湖太郎', '材木町']]);
  });

  it('answer a dry run with 200 and what the import would do, writing nothing', async () => {
    const res = await postCsv(newHousehold('300003', 30000000031), '?dryRun=true');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: true, created: 2 });
    expect((await search('q=30000000031')).total).toBe(0);
  });

  it('refuse an effective date in the future with 400', async () => {
    const res = await postCsv(newHousehold('300004', 30000000041), '?effectiveDate=2999-01-01');
    expect(res.statusCode).toBe(400);
    expect(res.json<Problem>().code).toBe('invalid_effective_date');
  });

  it('find 会津 太郎 by his reading in hiragana or katakana, by name, or by resident code', async () => {
    for (const q of ['あいづ たろう', 'アイヅタロウ', '会津 太郎', '90000000011']) {
      const page = await search(`q=${encodeURIComponent(q)}`);
      expect(page.items.map((p) => p.name)).toContain('会津 太郎');
    }
    expect((await search(`q=${encodeURIComponent('あいづ')}`)).items.map((p) => p.name)).toEqual(expect.arrayContaining(['会津 花子', '会津 翼']));
  });

  it('narrow a search to one town, and refuse a town the city does not have', async () => {
    const page = await search(`district=${encodeURIComponent('追手町')}&limit=200`);
    expect(page.total).toBeGreaterThan(0);
    expect(page.items.every((p) => p.district === '追手町')).toBe(true);
    const res = await app.http.inject({ method: 'GET', url: `/api/registry/persons?district=${encodeURIComponent('どこか町')}`, headers: auth });
    expect(res.statusCode).toBe(400);
    expect(res.json<Problem>().code).toBe('unknown_district');
  });

  it('return a person’s whole record with household, support, relatives and changes', async () => {
    const [tome] = (await search('q=90000000021')).items;
    const res = await app.http.inject({ method: 'GET', url: `/api/registry/persons/${tome?.id}`, headers: auth });
    expect(res.statusCode).toBe(200);
    const record = res.json<{
      name: string;
      support: { needed: boolean; categoryLabels: string[] };
      household: { members: { name: string; relationshipLabel: string }[] };
      family: { name: string; relationLabel: string }[];
    }>();
    expect(record.name).toBe('星 トメ');
    expect(record.support).toMatchObject({ needed: true, categoryLabels: ['一人暮らし高齢者', '要介護3以上'] });
    expect(record.household.members).toEqual([expect.objectContaining({ name: '星 トメ', relationshipLabel: '世帯主' })]);
    expect(record.family).toEqual([expect.objectContaining({ name: '星 健一', relationLabel: '子' })]);

    const [misaki] = (await search('q=90000000033')).items;
    const moved = (await app.http.inject({ method: 'GET', url: `/api/registry/persons/${misaki?.id}`, headers: auth })).json<{
      status: string;
      changes: { kind: string; kindLabel: string; effectiveDate: string }[];
    }>();
    expect(moved.status).toBe('moved_out');
    expect(moved.changes).toEqual([expect.objectContaining({ kind: 'move_out', kindLabel: '転出', effectiveDate: '2013-03-31' })]);
  });

  it('answer an unknown person with 404 and a malformed id with 400', async () => {
    const unknown = await app.http.inject({ method: 'GET', url: '/api/registry/persons/01900000-0000-7000-8000-000000000000', headers: auth });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<Problem>().code).toBe('person_not_found');
    const malformed = await app.http.inject({ method: 'GET', url: '/api/registry/persons/abc', headers: auth });
    expect(malformed.statusCode).toBe(400);
  });

  it('describe the import in OpenAPI as a text/csv body', async () => {
    const doc = (await app.http.inject({ method: 'GET', url: '/api/registry/openapi.json' })).json<{
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
    }>();
    expect(Object.keys(doc.paths['/api/registry/imports']?.post?.requestBody?.content ?? {})).toEqual(['text/csv']);
    expect(doc.paths['/api/registry/persons/{id}']?.get).toBeDefined();
  });
});
