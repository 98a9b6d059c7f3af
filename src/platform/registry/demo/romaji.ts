/** Hepburn romanisation of a hiragana reading, enough for the demo residents' e-mail addresses. */
const SYLLABLES: Record<string, string> = {
  あ: 'a',
  い: 'i',
  う: 'u',
  え: 'e',
  お: 'o',
  か: 'ka',
  き: 'ki',
  く: 'ku',
  け: 'ke',
  こ: 'ko',
  が: 'ga',
  ぎ: 'gi',
  ぐ: 'gu',
  げ: 'ge',
  ご: 'go',
  さ: 'sa',
  し: 'shi',
  す: 'su',
  せ: 'se',
  そ: 'so',
  ざ: 'za',
  じ: 'ji',
  ず: 'zu',
  ぜ: 'ze',
  ぞ: 'zo',
  た: 'ta',
  ち: 'chi',
  つ: 'tsu',
  て: 'te',
  と: 'to',
  だ: 'da',
  ぢ: 'ji',
  づ: 'zu',
  で: 'de',
  ど: 'do',
  な: 'na',
  に: 'ni',
  ぬ: 'nu',
  ね: 'ne',
  の: 'no',
  は: 'ha',
  ひ: 'hi',
  ふ: 'fu',
  へ: 'he',
  ほ: 'ho',
  ば: 'ba',
  び: 'bi',
  ぶ: 'bu',
  べ: 'be',
  ぼ: 'bo',
  ぱ: 'pa',
  ぴ: 'pi',
  ぷ: 'pu',
  ぺ: 'pe',
  ぽ: 'po',
  ま: 'ma',
  み: 'mi',
  む: 'mu',
  め: 'me',
  も: 'mo',
  や: 'ya',
  ゆ: 'yu',
  よ: 'yo',
  ら: 'ra',
  り: 'ri',
  る: 'ru',
  れ: 're',
  ろ: 'ro',
  わ: 'wa',
  を: 'o',
  ん: 'n',
  ゔ: 'vu',
  ぁ: 'a',
  ぃ: 'i',
  ぅ: 'u',
  ぇ: 'e',
  ぉ: 'o',
};
const SMALL_Y: Record<string, string> = { ゃ: 'a', ゅ: 'u', ょ: 'o' };

export function romaji(reading: string): string {
  let out = '';
  let double = false;
  for (const char of reading) {
    if (char === 'っ') {
      double = true;
      continue;
    }
    let syllable: string;
    const small = SMALL_Y[char];
    if (small !== undefined) {
      // きゃ → kya, しゃ → sha, ちゃ → cha, じゃ → ja
      const stem = out.slice(0, -1);
      const last = out.slice(-1);
      if (out.endsWith('shi') || out.endsWith('chi')) out = `${out.slice(0, -1)}${small}`;
      else if (out.endsWith('ji')) out = `${out.slice(0, -1)}${small}`;
      else if (last === 'i') out = `${stem}y${small}`;
      continue;
    } else if (char === 'ー') {
      continue;
    } else {
      syllable = SYLLABLES[char] ?? '';
    }
    if (double && syllable) syllable = `${syllable.startsWith('ch') ? 't' : syllable[0]}${syllable}`;
    double = false;
    out += syllable;
  }
  return out;
}
