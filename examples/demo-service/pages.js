// @ts-check
/** Server-rendered pages of the demo service. Everything shown is escaped with `html`. */

/** @param {unknown} value */
export function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A template tag that escapes every interpolated value unless it is already `Safe` markup. */
export class Safe {
  /** @param {string} markup */
  constructor(markup) {
    this.markup = markup;
  }
  toString() {
    return this.markup;
  }
}
/** @param {TemplateStringsArray} strings @param {unknown[]} values */
export function html(strings, ...values) {
  /** @param {unknown} v @returns {string} */
  const one = (v) => (v instanceof Safe ? v.markup : Array.isArray(v) ? v.map(one).join('') : escapeHtml(v));
  return new Safe(strings.reduce((out, s, i) => out + s + (i < values.length ? one(values[i]) : ''), ''));
}

const STYLE = `
body{margin:0;font-family:system-ui,"Hiragino Sans","Noto Sans JP",sans-serif;color:#1f2933;background:#f6f4ef;line-height:1.6}
.demo{background:#7a3e00;color:#fff;padding:.4rem 1rem;font-size:.9rem}
header,main{max-width:46rem;margin:0 auto;padding:1rem}
header{border-bottom:3px solid #2f6f4f}
h1,h2{margin:.2rem 0 0}
.en{margin:0 0 .8rem;color:#52606d;font-size:.9rem}
section{background:#fff;border:1px solid #d9d4c7;border-radius:6px;padding:.8rem 1rem;margin:1rem 0}
dl{display:grid;grid-template-columns:12rem 1fr;gap:.2rem 1rem;margin:.5rem 0}
dt{color:#52606d}dd{margin:0;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.2rem .4rem;border-bottom:1px solid #e4e0d6}
.refused{border-left:6px solid #b8321a;background:#fff6f4}.refused p{margin:.3rem 0}
.ok{border-left:6px solid #2f6f4f}
.button,button{display:inline-block;background:#2f6f4f;color:#fff;border:0;border-radius:4px;padding:.6rem 1.2rem;font-size:1rem;text-decoration:none;cursor:pointer}
.secondary{background:#52606d}
.actions{display:flex;flex-wrap:wrap;gap:.6rem;align-items:center}
.note{font-size:.9rem;color:#52606d}
code{background:#eee9dd;padding:0 .2rem}
`;

/** @param {{ title: string, body: unknown }} page */
export function layout({ title, body }) {
  return html`<!doctype html>
    <html lang="ja">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width" />
        <title>${title} — まちの暮らしナビ（デモ）</title>
        <style>
          ${new Safe(STYLE)}
        </style>
      </head>
      <body>
        <div class="demo" role="note">
          これは架空のデモサービスです。実在の会社・サービスではありません。 / This is a fictional demo service, not a real company.
        </div>
        <header>
          <strong>まちの暮らしナビ（デモ）</strong> <span class="note">デモ株式会社（架空） / Town Life Navi (demo) by Demo Inc. (fictional)</span>
        </header>
        <main>${body}</main>
      </body>
    </html>`.toString();
}

/** Headings: Japanese first, the English line under it. @param {string} ja @param {string} en */
export const h1 = (ja, en) =>
  html`<h1>${ja}</h1>
    <p class="en">${en}</p>`;
/** @param {string} ja @param {string} en */
export const h2 = (ja, en) =>
  html`<h2>${ja}</h2>
    <p class="en">${en}</p>`;

/** @param {{ signedIn: boolean, tsunaguUrl: string }} options */
export function homePage({ signedIn, tsunaguUrl }) {
  return layout({
    title: 'ようこそ',
    body: html`${h1('まちの暮らしナビ（デモ）', 'Town Life Navi (demo)')}
      <section>
        <p>
          つなぐ（都市OS）に外の会社のサービスがつながると、どう見えるかを試すための見本です。つなぐIDでログインすると、あなたが同意した情報（基本4情報・連絡先・世帯情報）だけを、つなぐのデータ連携APIから読み取って表示します。
        </p>
        <p class="en">
          A sample of an outside company's service connected to Tsunagu, the City OS. Sign in with your Tsunagu ID; it reads only the data you agree
          to share (basic four, contact, household) through Tsunagu's linkage API.
        </p>
        <p class="note">つなぐ / Tsunagu: <code>${tsunaguUrl}</code></p>
      </section>
      <p class="actions">
        ${
          signedIn
            ? html`<a class="button" href="/me">わたしの情報を見る / See my data</a>`
            : html`<a class="button" href="/login">つなぐIDでログイン / Sign in with Tsunagu</a>`
        }
      </p>
      <p class="note">
        デモ用アカウント / Demo accounts: <code>taro@demo.tsunagu.example</code>（本人確認済みの住民 / verified resident）,
        <code>visitor@demo.tsunagu.example</code>（来訪者 / visitor）, パスワード / password <code>tsunagu-demo-2026</code>
      </p>`,
  });
}

/** A plain page for something that went wrong. @param {{ title: string, en: string, message: string, messageEn: string }} p */
export function messagePage({ title, en, message, messageEn }) {
  return layout({
    title,
    body: html`${h1(title, en)}
      <section class="refused">
        <p>${message}</p>
        <p class="en">${messageEn}</p>
      </section>
      <p class="actions">
        <a class="button" href="/login">もう一度ログイン / Sign in again</a>
        <a class="button secondary" href="/">トップへ / Home</a>
      </p>`,
  });
}
