import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeCsv } from './csv-text.ts';
import { declaredCharset } from './http/csv-body.ts';

const ROW = '氏名,方書\r\n髙橋 一子,ハイツ① 101\r\n';

describe('reading a CSV file’s bytes', () => {
  it('reads UTF-8 (BOM dropped), Shift_JIS as Excel saves it, and UTF-16 with its BOM', () => {
    expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ROW)]))).toEqual({ text: ROW, encoding: 'utf-8' });
    expect(decodeCsv(iconv.encode(ROW, 'windows-31j'))).toEqual({ text: ROW, encoding: 'shift_jis' });
    expect(decodeCsv(iconv.encode(ROW, 'utf-16le', { addBOM: true }))).toEqual({ text: ROW, encoding: 'utf-16le' });
  });

  it('takes a declared charset at its word, under any of its names', () => {
    expect(decodeCsv(iconv.encode(ROW, 'windows-31j'), 'ms932').text).toBe(ROW);
    expect(decodeCsv(iconv.encode(ROW, 'euc-jp'), 'euc-jp').text).toBe(ROW);
    expect(decodeCsv(iconv.encode(ROW, 'windows-31j'), 'utf-8').problem?.message).toBe('the file is not valid UTF-8');
    expect(decodeCsv(Buffer.from(ROW), 'x-martian').problem?.messageJa).toBe('文字コード「x-martian」は扱えません');
  });

  it('finds the charset in a Content-Type header', () => {
    expect(declaredCharset('text/csv; charset="Shift_JIS"')).toBe('shift_jis');
    expect(declaredCharset('text/csv')).toBeUndefined();
    expect(declaredCharset('not a type')).toBeUndefined();
  });
});
