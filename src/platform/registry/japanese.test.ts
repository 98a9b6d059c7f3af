import { describe, expect, it } from 'vitest';
import { isHiraganaReading, normalizeBanchi, parseJapaneseDate, splitFullName, toHiragana } from './japanese.ts';

describe('parseJapaneseDate', () => {
  it.each([
    ['1980-04-01', '1980-04-01'],
    ['1980/4/1', '1980-04-01'],
    ['1980年4月1日', '1980-04-01'],
    ['昭和55年4月1日', '1980-04-01'],
    ['平成元年1月8日', '1989-01-08'],
    ['令和元年5月1日', '2019-05-01'],
    ['S55.4.1', '1980-04-01'],
    ['h1.1.8', '1989-01-08'],
    ['R05.04.01', '2023-04-01'],
    ['Ｒ５．４．１', '2023-04-01'],
    ['昭和６４年１月７日', '1989-01-07'],
    ['大正15年12月24日', '1926-12-24'],
    ['明治45年7月29日', '1912-07-29'],
  ])('reads %s as %s', (input, expected) => {
    expect(parseJapaneseDate(input)).toBe(expected);
  });

  it.each([
    ['平成31年5月1日'],
    ['昭和64年1月8日'],
    ['令和元年4月30日'],
    ['R5.2.29'],
    ['1980-02-30'],
    ['昭和0年1月1日'],
    ['X5.1.1'],
    ['1980-4'],
    [''],
  ])('refuses %s', (input) => {
    expect(parseJapaneseDate(input)).toBeUndefined();
  });
});

describe('readings', () => {
  it('fold katakana, half-width katakana and hiragana to hiragana', () => {
    expect(toHiragana('アイヅ')).toBe('あいづ');
    expect(toHiragana('ｱｲﾂﾞ')).toBe('あいづ');
    expect(toHiragana('ヴィーナス')).toBe('ゔぃーなす');
  });

  it('accept only hiragana and the long-vowel mark', () => {
    expect(isHiraganaReading('あいづ')).toBe(true);
    expect(isHiraganaReading('れーな')).toBe(true);
    expect(isHiraganaReading('アイヅ')).toBe(false);
    expect(isHiraganaReading('aizu')).toBe(false);
    expect(isHiraganaReading('')).toBe(false);
  });

  it('split a name at one half- or full-width space', () => {
    expect(splitFullName('会津 太郎')).toEqual(['会津', '太郎']);
    expect(splitFullName('会津　太郎')).toEqual(['会津', '太郎']);
    expect(splitFullName('会津太郎')).toBeUndefined();
    expect(splitFullName('会津 太 郎')).toBeUndefined();
  });
});

describe('normalizeBanchi', () => {
  it('writes the same address the same way however it was typed', () => {
    for (const typed of ['1-2-3', '１－２－３', '1丁目2番3号', '1丁目2-3', '1ー2ー3', '1 - 2 - 3']) expect(normalizeBanchi(typed)).toBe('1-2-3');
    expect(normalizeBanchi('123番地の4')).toBe('123-4');
    expect(normalizeBanchi('123番地')).toBe('123');
    expect(normalizeBanchi('追手町2丁目12番')).toBe('追手町2-12');
  });
});
