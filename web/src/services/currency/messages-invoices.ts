import { currentLanguage } from '../../i18n';
import { useTranslation } from 'react-i18next';

/** Words of the invoice screens (school fees, B2B) and the portal links; Japanese first. */
export const invoiceJa = {
  nav: { label: '地域通貨のページ', wallet: 'ウォレット', shop: 'お店・事業者', admin: '市の管理' },
  wallet: {
    action: '学校・請求書',
    title: '学校などからの請求',
    lead: '学校徴収金（給食費・教材費など）の請求を、ウォレットから支払えます。学校から配られた支払コードを入力するか、請求書のQRコードを読み取ってください。',
    code: '支払コード',
    codeHint: '例：INV-3F9A0C21D4（請求書に書かれています）',
    codeEmpty: '支払コードを入力してください。',
    add: '請求を追加する',
    added: '「{{description}}」（{{issuer}}）をウォレットに追加しました。',
    mine: 'わたしの請求',
    none: 'まだ請求はありません。',
    pay: '{{amount}} を支払う',
    confirm: '{{issuer}} に「{{description}}」 {{amount}} を、ウォレット残高から支払います。',
    confirmButton: '支払う',
    paid: '{{issuer}} に {{amount}} を支払いました。',
    due: '期限 {{date}}',
  },
  status: { open: '未払い', paid: '支払い済み', cancelled: '取り消し' },
  shop: {
    heading: '請求書',
    leadSchool:
      'ご家庭への請求（学校徴収金）を発行します。発行すると支払コードとQRコードが表示されるので、お便りなどで保護者に渡してください。保護者はウォレットから支払います。',
    leadBusiness: 'ほかの事業者へ請求書を送ります（例：農家から飲食店へ）。相手は自分の事業者ページで確認して支払います。',
    payer: '請求先の事業者',
    payerChoose: '選んでください',
    payerEmpty: '請求先を選んでください。',
    description: '内容',
    descriptionHint: '例：給食費 11月分、トマト 10kg',
    descriptionEmpty: '内容を入力してください。',
    issue: '{{amount}} を請求する',
    issueNoAmount: '請求する',
    issued: '請求書を発行しました（{{amount}}）。',
    issuedCode: '支払コード：{{code}}',
    codeQrAlt: '請求「{{description}}」の支払い用QRコード（支払コード {{code}}）',
    list: '発行した請求と届いた請求',
    none: 'まだ請求書はありません。',
    issuedTo: '{{name}} へ',
    household: 'ご家庭へ（支払コード {{code}}）',
    from: '{{name}} から',
    direction: '相手',
    pay: '支払う',
    payConfirm: '{{name}} へ {{amount}} を、この事業者の残高から支払います。',
    paid: '{{name}} へ {{amount}} を支払いました。',
    ownerOnly: '支払いはオーナーのみ行えます。',
    cancel: '取り消す',
    cancelled: '請求を取り消しました。',
  },
  admin: {
    staffOnly: 'この画面の操作は市の職員のみ行えます。利用分野と指標は誰でも見られます。',
    campaignsAdminOnly: 'キャンペーンの作成と期限後の処理は、地域通貨担当（管理者）の職員が行います。',
    signedInAdmin: '地域通貨担当としてログインしています。',
  },
};

export type InvoiceMessages = typeof invoiceJa;

export const invoiceEn: InvoiceMessages = {
  nav: { label: 'Currency pages', wallet: 'Wallet', shop: 'Shops and businesses', admin: 'City administration' },
  wallet: {
    action: 'School and bills',
    title: 'Bills from schools and others',
    lead: 'Pay school fees (lunch, materials…) from the wallet. Type the pay code the school gave you, or scan the QR code on the bill.',
    code: 'Pay code',
    codeHint: 'e.g. INV-3F9A0C21D4 (printed on the bill)',
    codeEmpty: 'Enter the pay code.',
    add: 'Add the bill',
    added: 'Added “{{description}}” ({{issuer}}) to your wallet.',
    mine: 'My bills',
    none: 'No bills yet.',
    pay: 'Pay {{amount}}',
    confirm: 'Pay {{issuer}} {{amount}} for “{{description}}” from your wallet balance.',
    confirmButton: 'Pay',
    paid: 'Paid {{amount}} to {{issuer}}.',
    due: 'Due {{date}}',
  },
  status: { open: 'Open', paid: 'Paid', cancelled: 'Cancelled' },
  shop: {
    heading: 'Invoices',
    leadSchool: 'Bill households (school fees). Each bill gets a pay code and a QR code to hand to the parents; they pay from the wallet.',
    leadBusiness: 'Send an invoice to another business (e.g. a farm to a restaurant). They see it on their business page and pay it.',
    payer: 'Business to bill',
    payerChoose: 'Choose',
    payerEmpty: 'Choose the business to bill.',
    description: 'For',
    descriptionHint: 'e.g. School lunch, November; Tomatoes 10 kg',
    descriptionEmpty: 'Enter what the invoice is for.',
    issue: 'Bill {{amount}}',
    issueNoAmount: 'Bill',
    issued: 'Invoice issued ({{amount}}).',
    issuedCode: 'Pay code: {{code}}',
    codeQrAlt: 'QR code to pay “{{description}}” (pay code {{code}})',
    list: 'Invoices issued and received',
    none: 'No invoices yet.',
    issuedTo: 'To {{name}}',
    household: 'To a household (pay code {{code}})',
    from: 'From {{name}}',
    direction: 'With',
    pay: 'Pay',
    payConfirm: 'Pay {{name}} {{amount}} from this business’s balance.',
    paid: 'Paid {{amount}} to {{name}}.',
    ownerOnly: 'Only the owner can pay.',
    cancel: 'Cancel',
    cancelled: 'Invoice cancelled.',
  },
  admin: {
    staffOnly: 'Only city staff can act on this page. Fields of use and KPIs are open to everyone.',
    campaignsAdminOnly: 'Campaigns are created and closed by the city’s currency administrators.',
    signedInAdmin: 'Signed in as a currency administrator.',
  },
};

/** The invoice and portal words in the language shown now. */
export function useInvoiceText(): InvoiceMessages {
  useTranslation();
  return currentLanguage() === 'en' ? invoiceEn : invoiceJa;
}
