/** Words of the supporters' page (/safety/support); Japanese first. */
export const supportJa = {
  support: {
    title: '支援者のページ',
    lead: '災害が発生すると、あなたが支援する方ごとに「支援タスク」が届きます。個別避難計画を確認し、避難が済んだら完了を報告してください。',
    notSupporter: 'このアカウントは支援者として登録されていません。市の担当課にお問い合わせください。',
    none: '現在、支援タスクはありません。',
    open: '対応中',
    done: '完了',
    person: '支援する方',
    address: '住所',
    phone: '電話',
    needs: '必要な支援',
    destination: '避難先',
    route: '経路メモ',
    checkedIn: '避難所で受付済み（{{at}}）',
    note: '報告メモ（任意）',
    notePlaceholder: '例：避難所まで同行しました',
    complete: '避難完了を報告する',
    completedAt: '{{at}} 完了',
    needLabels: { wheelchair: '車いす', medication: '服薬', oxygen: '酸素', dialysis: '透析', sight: '視覚', hearing: '聴覚', dementia: '認知症' },
  },
};

export type SupportMessages = typeof supportJa;

export const supportEn: SupportMessages = {
  support: {
    title: 'Supporters',
    lead: 'When a disaster starts you get a task for each person you support. Read their evacuation plan, and confirm when they are safe.',
    notSupporter: 'This account is not registered as a supporter. Please ask the city.',
    none: 'No tasks right now.',
    open: 'To do',
    done: 'Done',
    person: 'Person',
    address: 'Address',
    phone: 'Phone',
    needs: 'Needs',
    destination: 'Destination',
    route: 'Route notes',
    checkedIn: 'Checked in at a shelter ({{at}})',
    note: 'Note (optional)',
    notePlaceholder: 'e.g. went with them to the shelter',
    complete: 'Confirm evacuation done',
    completedAt: 'Done {{at}}',
    needLabels: {
      wheelchair: 'Wheelchair',
      medication: 'Medication',
      oxygen: 'Oxygen',
      dialysis: 'Dialysis',
      sight: 'Sight',
      hearing: 'Hearing',
      dementia: 'Dementia',
    },
  },
};
