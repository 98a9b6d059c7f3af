// @ts-check
/** The /me page: who Tsunagu says signed in, and each category as linkage answered just now. */
import { h1, h2, html, layout } from './pages.js';

/** @typedef {import('./tsunagu.js').Reading} Reading */

const CATEGORY_NAMES = {
  basic_four: ['基本4情報（氏名・住所・生年月日・性別）', 'Basic four: name, address, date of birth, sex'],
  contact: ['連絡先', 'Contact details'],
  household: ['世帯情報', 'Household'],
};
const ACR_NAMES = {
  'urn:tsunagu:loa:card-verified': '本人確認済み（マイナンバーカード・デモ） / identity verified (My Number card, demo)',
  'urn:tsunagu:loa:self-asserted': '本人確認前（メールアドレスで登録） / not verified (signed up with an e-mail address)',
};
const SEX = { male: '男 / male', female: '女 / female' };

/** @param {Record<string, unknown>} d */
const basicFour = (d) =>
  html`<dl>
    <dt>氏名 / Name</dt>
    <dd>${d.name}（${d.nameKana}）</dd>
    <dt>住所 / Address</dt>
    <dd>${d.address}</dd>
    <dt>生年月日 / Born</dt>
    <dd>${d.birthDate}</dd>
    <dt>性別 / Sex</dt>
    <dd>${SEX[/** @type {keyof typeof SEX} */ (d.sex)] ?? d.sex}</dd>
  </dl>`;

/** @param {Record<string, unknown>} d */
const contact = (d) =>
  html`<dl>
    <dt>電話 / Phone</dt>
    <dd>${d.phone ?? '登録なし / none'}</dd>
    <dt>メール / E-mail</dt>
    <dd>${d.email ?? '登録なし / none'}</dd>
  </dl>`;

/** @param {Record<string, unknown>} d */
const household = (d) => {
  const members = /** @type {Record<string, unknown>[]} */ (Array.isArray(d.members) ? d.members : []);
  return html`<dl>
      <dt>世帯の住所 / Address</dt>
      <dd>${d.address}</dd>
    </dl>
    <table>
      <thead>
        <tr>
          <th>氏名 / Name</th>
          <th>続柄 / Relationship</th>
          <th>生年月日 / Born</th>
        </tr>
      </thead>
      <tbody>
        ${members.map(
          (m) =>
            html`<tr>
              <td>${m.name}</td>
              <td>${m.relationshipLabel}</td>
              <td>${m.birthDate}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
};

const RENDER = { basic_four: basicFour, contact, household };

/** The refusal in plain words. @param {Reading & { ok: false }} r @param {string[]} grantedScopes */
function refusal(r, grantedScopes) {
  if (r.status === 401) return ['連携が解除されました。もう一度ログインしてください', 'The link to Tsunagu has ended. Please sign in again.'];
  if (r.code === 'not_consented') {
    return grantedScopes.includes(`tsunagu:${r.category}`)
      ? ['提供に同意されていません（マイデータで取り消されました）', 'Not shared: consent was withdrawn in My Data.']
      : ['提供に同意されていません（ログインのときに選ばれませんでした）', 'Not shared: it was not chosen when you signed in.'];
  }
  if (r.code === 'no_data')
    return [
      '本人確認が済んでいません（市が持つ情報は、つなぐで本人確認をした住民についてだけ読み取れます）',
      "Identity not verified: the city's data can be read only for residents who verified their identity in Tsunagu.",
    ];
  return [`読み取れませんでした（HTTP ${r.status} ${r.title}）`, `Could not read it (HTTP ${r.status} ${r.title}).`];
}

/** @param {Reading} r @param {string[]} grantedScopes */
function categorySection(r, grantedScopes) {
  const [ja, en] = CATEGORY_NAMES[/** @type {keyof typeof CATEGORY_NAMES} */ (r.category)] ?? [r.category, r.category];
  if (!r.ok) {
    const [why, whyEn] = refusal(r, grantedScopes);
    return html`<section class="refused" data-category="${r.category}">
      ${h2(ja, en)}
      <p><strong>${why}</strong></p>
      <p class="en">${whyEn}</p>
    </section>`;
  }
  const render = RENDER[/** @type {keyof typeof RENDER} */ (r.category)];
  const data = /** @type {Record<string, unknown>} */ (r.data ?? {});
  return html`<section class="ok" data-category="${r.category}">
    ${h2(ja, en)} ${render ? render(data) : html`<pre>${JSON.stringify(r.data, null, 2)}</pre>`}
    <p class="note">同意のバージョン / Consent version: ${r.consentVersion}</p>
  </section>`;
}

/**
 * @param {{ sub: string, acr: string | undefined, grantedScopes: string[], readings: Reading[], refreshed: boolean,
 *   readAt: Date, tsunaguUrl: string }} p
 */
export function mePage({ sub, acr, grantedScopes, readings, refreshed, readAt, tsunaguUrl }) {
  const time = readAt.toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo' });
  return layout({
    title: 'わたしの情報',
    body: html`${h1('わたしの情報', 'My data, as this service can read it')}
      <section>
        ${h2('つなぐから受け取ったID', 'Who Tsunagu says you are (ID token)')}
        <dl>
          <dt>sub</dt>
          <dd><code>${sub}</code></dd>
          <dt>acr</dt>
          <dd><code>${acr ?? '—'}</code><br />${ACR_NAMES[/** @type {keyof typeof ACR_NAMES} */ (acr ?? '')] ?? ''}</dd>
        </dl>
        <p class="note">
          この sub
          はこのサービス専用の番号です。ほかのサービスには別の番号が渡るので、サービス同士であなたを突き合わせることはできません。IDトークンに個人情報は入っていません。
        </p>
        <p class="note en">This sub is for this service only; other services get a different one. The ID token carries no personal data.</p>
      </section>
      <p class="note">${time} に、つなぐのデータ連携APIから読み取りました。読み取るたびに、つなぐのアクセス履歴に記録されます。</p>
      <p class="note en">Read from Tsunagu's linkage API at ${time} (Japan time). Every read is written to your access log in Tsunagu.</p>
      ${refreshed ? html`<p class="note">アクセストークンの期限が切れていたので、リフレッシュトークンで更新しました。 / The access token had expired; it was renewed with the refresh token.</p>` : ''}
      ${readings.map((r) => categorySection(r, grantedScopes))}
      <p class="actions">
        ${readings.some((r) => !r.ok && r.status === 401) ? html`<a class="button" href="/login">もう一度ログイン / Sign in again</a>` : ''}
        <a class="button" href="/me">もう一度読み取る / Read again</a>
        <a class="button secondary" href="${tsunaguUrl}/mydata">つなぐのマイデータを開く / Open My Data in Tsunagu</a>
      </p>
      <p class="note">
        つなぐの「マイデータ」で、このサービスへの提供をいつでも取り消せます。取り消してから「もう一度読み取る」を押すと、次の読み取りから断られることを確かめられます。
      </p>
      <p class="note en">
        In Tsunagu's My Data you can withdraw what this service may use at any time. Withdraw there, then press Read again: the very next read is
        refused.
      </p>
      <form method="post" action="/logout">
        <button class="secondary" type="submit">ログアウト / Sign out</button>
      </form>`,
  });
}
