/**
 * Japanese messages — the default language. `Messages` is derived from this
 * object, so the English file must have exactly the same keys.
 */
export const ja = {
  meta: {
    title: 'つなぐ｜都市OS',
    titleWithCity: '{{city}} × つなぐ｜都市OS',
  },
  skipLink: '本文へスキップ',
  header: {
    brand: 'つなぐ',
    tagline: '都市OS',
    navLabel: 'ページ内の案内',
    nav: {
      services: 'サービス',
      portals: 'ポータル',
      developers: '開発者の方へ',
    },
  },
  language: {
    switchTo: 'English',
    ariaLabel: 'English — 表示言語を英語に切り替える',
  },
  hero: {
    eyebrow: 'オープンソースの都市OS「つなぐ」',
    title: 'ひとつのIDで、まちのサービスがつながる。',
    lead: 'つなぐは、市民一人ひとりの同意にもとづいて、行政・決済・観光・防災・医療などのサービスを安全につなぐ仕組みです。',
    pointsLabel: 'つなぐの特長',
    points: {
      id: {
        title: 'ひとつの都市OS ID',
        body: '一度登録すれば、同じIDでまちのさまざまなサービスを使えます。',
      },
      consent: {
        title: 'あなたのデータは、あなたが決める',
        body: 'どのサービスに何を渡すかは、あなたが選びます（オプトイン）。誰がいつ何のために使ったかを確認でき、同意はいつでも取り消せます。',
      },
      linked: {
        title: 'サービスどうしが連携',
        body: '地域通貨で観光や食材の代金を払うなど、サービスが連携基盤を通じて協力し、手間を減らします。',
      },
    },
  },
  services: {
    heading: 'まちのサービス',
    intro: '会津若松市のスマートシティで実装された7つのサービスと、暮らしの満足度を測るWell-Being指標です。',
    loading: 'サービスの状態を確認しています…',
    loadFailed: 'サービスの状態を取得できませんでした。しばらくしてから再読み込みしてください。',
    open: '開く',
    items: {
      procedures: {
        name: '書かないデジタル行政手続きナビ',
        description: '市が持っている情報が、あなたの同意のもとで申請書に自動で入るので、何度も同じことを書かずに済みます。',
      },
      currency: {
        name: '地域課題解決型デジタル地域通貨',
        description: '会津コインのように、スマートフォンで払える地域のお金です。お店の手数料が安く、売上をすぐに現金化できます。',
      },
      tourism: {
        name: '産業観光を起点とした観光DX',
        description: '視察・出張・観光の予約と支払いを一か所で。目的に合わせたプランから選べます。',
      },
      agri: {
        name: '地産地消の食農需給マッチング',
        description: '地元の農家と、飲食店や旅館をつなぎます。取引の代金はデジタル地域通貨で支払えます。',
      },
      disaster: {
        name: '位置情報を活用したデジタル防災',
        description: '災害のとき、家族の安否を確かめ、近くの避難所へ案内します。支援が必要な方への対応にも役立ちます。',
      },
      health: {
        name: 'PHR/EHR 医療ヘルスケアデータ連携',
        description: '血圧や体重などの日々の記録と、病院での処方や検査の結果を、同意のうえで一つにまとめます。',
      },
      telemedicine: {
        name: 'PHR/EHR を活用した遠隔医療',
        description: '家で測った血圧を医師が見守り、オンラインで診察や健康相談を受けられます。',
      },
      wellbeing: {
        name: 'Well-Being指標',
        description: '暮らしの満足度（Well-Being）の調査結果と、市の目標（KPI）の達成状況をお知らせします。',
      },
    },
  },
  status: {
    available: '利用できます',
    comingSoon: '準備中',
    checking: '確認中',
  },
  portals: {
    heading: 'ポータル',
    intro: '使う人の立場ごとに入口を用意します。',
    items: {
      citizen: {
        name: '市民・来訪者',
        description: '自分の同意の確認・変更、データを使った記録の確認、各サービスの利用。',
      },
      business: {
        name: '事業者',
        description: 'お店、生産者、飲食店・旅館、観光事業者、医療機関の業務。',
      },
      staff: {
        name: '市職員',
        description: '窓口、防災、福祉、健康、政策（KPI）の業務。',
      },
      operator: {
        name: '運営者',
        description: '連携サービスの登録、鍵、バックアップ、監視など基盤の運用。',
      },
    },
  },
  developers: {
    heading: '開発者の方へ',
    intro: 'サービスは公開されたAPIだけで都市OSにつながります。外部の事業者も同じ仕組みで参加できます。',
    docs: 'APIリファレンス',
    docsNote: 'OpenAPI 3.1 で書かれた全モジュールの仕様',
    catalog: 'APIカタログ',
    catalogNote: '/.well-known/api-catalog（RFC 9727）',
  },
  footer: {
    openSource: 'つなぐはオープンソースの都市OSです（Apache License 2.0）。',
    model: '福島県会津若松市のスマートシティの取り組みをモデルにしています。',
    synthetic: 'デモ環境の住民データはすべて架空のもので、実在の人物ではありません。',
  },
  notFound: {
    title: 'ページが見つかりません',
    body: 'お探しのページは移動したか、まだ用意されていません。',
    home: 'トップページへ戻る',
  },
};

/** The shape every language must provide. */
export type Messages = typeof ja;
