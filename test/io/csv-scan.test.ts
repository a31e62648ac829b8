/**
 * The byte-level CSV scanner: hand-written edge cases, every case re-run over chunk sizes
 * 1, 2, 3, 7 and 64 KiB, and differential tests against csv-parse 7 on generated CSVs.
 *
 * csv-parse's `info.lines` is NOT the line a record starts on: it is the line the record ends on,
 * and inside quoted fields it counts every CR and every LF byte, so an embedded CRLF counts as two
 * lines and the excess carries on to every later record. {@link csvParseReference} converts it
 * back to a start line; the generated tests also check start lines against the generator's own
 * count, so the conversion itself is checked.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { Readable } from 'node:stream';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CsvScanner,
  NOT_ISO,
  detectDelimiter,
  isoDayNumber,
  scanBuffer,
  scanFileSync,
  scanStream,
  scanString,
  type ScanOptions,
  type ScanResult,
} from '../../src/io/csv-scan.js';

type Rec = { line: number; fields: string[] };

/** Scan `input` pushed in pieces of the given sizes (cycled); Infinity = one piece. */
function scanChunked(input: string | Buffer, delimiter: string, sizes: number[], options?: ScanOptions): ScanResult {
  const buf = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const records: Rec[] = [];
  const errors: { line: number; reason: string; raw: string }[] = [];
  const sc = new CsvScanner(
    delimiter,
    {
      record: (f, line) => records.push({ line, fields: f.toArray() }),
      error: (line, reason, raw) => errors.push({ line, reason, raw }),
    },
    options,
  );
  let pos = 0;
  let k = 0;
  while (pos < buf.length) {
    const n = Math.min(sizes[k++ % sizes.length], buf.length - pos);
    // copy, so a scanner that kept a reference to a pushed chunk would be caught out
    sc.push(Buffer.from(buf.subarray(pos, pos + n)));
    pos += n;
  }
  sc.end();
  return { records, errors, linesSeen: sc.linesSeen, emptyLines: sc.emptyLines };
}

const CHUNKINGS = [[Infinity], [1], [2], [3], [7], [65536], [1, 5, 2, 64]];

/** Scan whole, then assert every chunking gives exactly the same result. */
function scanAll(input: string | Buffer, delimiter = ',', options?: ScanOptions): ScanResult {
  const whole = scanChunked(input, delimiter, [Infinity], options);
  for (const sizes of CHUNKINGS) expect(scanChunked(input, delimiter, sizes, options), `chunks ${sizes}`).toEqual(whole);
  return whole;
}

/** Line breaks in a field as a reader sees them: CRLF, lone LF and lone CR each count once. */
function breaks(s: string): number {
  return (s.match(/\r\n|\r|\n/g) ?? []).length;
}
/** csv-parse's count: every CR and every LF byte inside a quoted field. */
function crlfBytes(s: string): number {
  return (s.match(/[\r\n]/g) ?? []).length;
}

/** csv-parse's records, with `info.lines` (end line, CR and LF counted apart) turned into start lines. */
function csvParseReference(input: string | Buffer, delimiter: string): Rec[] {
  const out = parse(input, {
    bom: true,
    delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  let drift = 0;
  return out.map(({ record, info }) => {
    let c = 0;
    let b = 0;
    for (const f of record) {
      c += crlfBytes(f);
      b += breaks(f);
    }
    const line = info.lines - c - drift;
    drift += c - b;
    return { line, fields: record };
  });
}

describe('records, fields and line numbers', () => {
  it('reads a plain file; the header is line 1', () => {
    const r = scanAll('id,date\nP1,2023-04-01\nP2,2023-05-02\n');
    expect(r.records).toEqual([
      { line: 1, fields: ['id', 'date'] },
      { line: 2, fields: ['P1', '2023-04-01'] },
      { line: 3, fields: ['P2', '2023-05-02'] },
    ]);
    expect(r.errors).toEqual([]);
    expect(r.linesSeen).toBe(3);
  });

  it('strips a UTF-8 BOM at the start only', () => {
    const r = scanAll('\uFEFFid,x\n\uFEFFa,b\n');
    expect(r.records).toEqual([
      { line: 1, fields: ['id', 'x'] },
      { line: 2, fields: ['\uFEFFa', 'b'] },
    ]);
  });

  it('a file holding only a BOM, or the first bytes of one, is read without error', () => {
    expect(scanAll('\uFEFF').records).toEqual([]);
    expect(scanAll(Buffer.from([0xef, 0xbb])).records).toEqual([{ line: 1, fields: ['\uFFFD'] }]);
    expect(scanAll(Buffer.from([0xef, 0xbb, 0x61, 0x0a])).records).toEqual([{ line: 1, fields: ['\uFFFDa'] }]);
  });

  it('reads CRLF, LF and lone CR line endings, even mixed in one file', () => {
    expect(scanAll('a,b\r\n1,2\r\n').records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
    // csv-parse locks onto the first line ending it meets and would read "2\r" here
    expect(scanAll('a,b\n1,2\r\n3,4\r5,6').records.map((r) => [r.line, ...r.fields])).toEqual([
      [1, 'a', 'b'],
      [2, '1', '2'],
      [3, '3', '4'],
      [4, '5', '6'],
    ]);
  });

  it('keeps delimiters, doubled quotes and newlines inside quoted fields', () => {
    const r = scanAll('a,b\n"x,y","say ""hi"""\n"""",""\n"",x\n');
    expect(r.records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x,y', 'say "hi"'] },
      { line: 3, fields: ['"', ''] },
      { line: 4, fields: ['', 'x'] },
    ]);
  });

  it('a record with an embedded newline keeps the line it starts on; the next record the line after its end', () => {
    const r = scanAll('a,b\n"line one\nline two\r\nline three",2\n3,4\n');
    expect(r.records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['line one\nline two\r\nline three', '2'] },
      { line: 5, fields: ['3', '4'] },
    ]);
    expect(r.linesSeen).toBe(5);
  });

  it('counts a lone CR inside a quoted field as a line break', () => {
    const r = scanAll('"a\rb",1\r2,3\r');
    expect(r.records).toEqual([
      { line: 1, fields: ['a\rb', '1'] },
      { line: 3, fields: ['2', '3'] },
    ]);
  });

  it('a trailing delimiter makes an empty last field', () => {
    expect(scanAll('a,b,\n1,,\n').records).toEqual([
      { line: 1, fields: ['a', 'b', ''] },
      { line: 2, fields: ['1', '', ''] },
    ]);
    expect(scanAll('a,b,').records).toEqual([{ line: 1, fields: ['a', 'b', ''] }]);
  });

  it('reads a last record without a final newline', () => {
    expect(scanAll('a,b\n1,2').records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
    expect(scanAll('a,b\n"1","2"').records[1]).toEqual({ line: 2, fields: ['1', '2'] });
    expect(scanAll('a,b\n1,"x\ny"').records[1]).toEqual({ line: 2, fields: ['1', 'x\ny'] });
  });

  it('an empty file has no records and no lines', () => {
    expect(scanAll('')).toEqual({ records: [], errors: [], linesSeen: 0, emptyLines: 0 });
  });

  it('a header-only file has one record, with or without newline', () => {
    expect(scanAll('a,b').records).toEqual([{ line: 1, fields: ['a', 'b'] }]);
    expect(scanAll('a,b\r\n')).toEqual({ records: [{ line: 1, fields: ['a', 'b'] }], errors: [], linesSeen: 1, emptyLines: 0 });
  });

  it('skips empty lines but counts them', () => {
    const r = scanAll('a\n\n\r\n\rb\n\n');
    expect(r.records).toEqual([
      { line: 1, fields: ['a'] },
      { line: 5, fields: ['b'] },
    ]);
    expect(r.emptyLines).toBe(4);
    expect(r.linesSeen).toBe(6);
  });

  it('a line holding only "" is a record with one empty field, not an empty line', () => {
    expect(scanAll('a\n""\n').records).toEqual([
      { line: 1, fields: ['a'] },
      { line: 2, fields: [''] },
    ]);
  });

  it('reports ragged rows as they are: the caller decides', () => {
    expect(scanAll('a,b,c\n1\n1,2,3,4\n').records.map((r) => r.fields.length)).toEqual([3, 1, 4]);
  });

  it('decodes invalid UTF-8 (Latin-1 bytes) with replacement characters, like csv-parse', () => {
    const latin1 = Buffer.from('nom,ville\nJos\xe9,Orl\xe9ans\n', 'latin1');
    const r = scanAll(latin1);
    expect(r.errors).toEqual([]);
    expect(r.records[1].fields).toEqual(['Jos\uFFFD', 'Orl\uFFFDans']);
    expect(r.records).toEqual(csvParseReference(latin1, ','));
  });

  it('keeps multi-byte characters split across chunks whole', () => {
    const r = scanAll('é,😀\n"😀,é","x""😀"\n');
    expect(r.records[1].fields).toEqual(['😀,é', 'x"😀']);
  });

  it('reads tab- and pipe-delimited files, where a comma is plain text', () => {
    expect(scanAll('a\tb,c\n"x\ty"\t2\n', '\t').records.map((r) => r.fields)).toEqual([
      ['a', 'b,c'],
      ['x\ty', '2'],
    ]);
    expect(scanAll('a|b,c\n"x|y"|2\n', '|').records.map((r) => r.fields)).toEqual([
      ['a', 'b,c'],
      ['x|y', '2'],
    ]);
  });

  it('grows past 64 fields in a record', () => {
    const row = Array.from({ length: 300 }, (_, i) => `f${i}`);
    expect(scanAll(row.join(',') + '\n' + row.join(',')).records[1].fields).toEqual(row);
  });

  it('matches csv-parse on every valid hand-written case', () => {
    const cases = [
      'id,date\nP1,2023-04-01\nP2,2023-05-02\n',
      '\uFEFFid,x\n\uFEFFa,b\n',
      'a,b\r\n"x\r\ny",2\r\n3,4\r\n',
      'a,b\n"line one\nline two\r\nline three",2\n3,4\n',
      '"a\r\nb",c\r\n\r\n1,2',
      'a,b\n"x,y","say ""hi"""\n"""",""\n"",x\n',
      'a,b,\n1,,\n',
      'a\n\n\n""\n',
      'é,😀\n"😀,é","x""😀"\n',
      'a,b\r1,2\r\r3,4',
    ];
    for (const c of cases) expect(scanAll(c).records, JSON.stringify(c)).toEqual(csvParseReference(c, ','));
  });
});

describe('malformed records are reported, and scanning goes on', () => {
  it('text after a closing quote ("ab"c)', () => {
    const r = scanAll('a,b\n"ab"c,2\n3,4\n');
    expect(r.records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['3', '4'] },
    ]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ line: 2, raw: '"ab"c,2' });
    expect(r.errors[0].reason).toMatch(/text follows the closing quote of field 1/);
  });

  it('a quote inside an unquoted field (ab"c)', () => {
    const r = scanAll('a,b\n1,ab"c\n3,4');
    expect(r.records.map((x) => x.line)).toEqual([1, 3]);
    expect(r.errors).toEqual([{ line: 2, reason: expect.stringMatching(/quote \("\) appears inside unquoted field 2/), raw: '1,ab"c' }]);
  });

  it('the malformed record is read to its real end, quoted newlines included', () => {
    const r = scanAll('a,b\n"ab"c,"x\ny"\n3,4\n');
    expect(r.errors.map((e) => e.line)).toEqual([2]);
    expect(r.records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 4, fields: ['3', '4'] },
    ]);
  });

  it('an unterminated quote at the end of the file, reported with the line it opened on', () => {
    const r = scanAll('a,b\n1,"abc');
    expect(r.records).toEqual([{ line: 1, fields: ['a', 'b'] }]);
    expect(r.errors).toEqual([{ line: 2, reason: 'quote opened on line 2 is never closed', raw: '1,"abc' }]);
    expect(r.linesSeen).toBe(2);
  });

  it('after an unclosed quote, scanning resumes on the line after the one the quote opened on', () => {
    const r = scanAll('a,b\n"x\ny","open\n3,4\n5,6\n');
    expect(r.errors).toEqual([{ line: 2, reason: 'quote opened on line 3 is never closed', raw: '"x\ny","open' }]);
    expect(r.records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 4, fields: ['3', '4'] },
      { line: 5, fields: ['5', '6'] },
    ]);
    expect(r.linesSeen).toBe(5);
  });

  it('a quoted field longer than maxRecordBytes that never closes is one record to the end (never rows of its own)', () => {
    const text = 'a,b\n1,"' + 'x'.repeat(100) + '\n2,3\n4,5\n';
    const r = scanAll(text, ',', { maxRecordBytes: 50 });
    expect(r.errors).toEqual([
      {
        line: 2,
        reason: 'record from line 2 is longer than 50 bytes and holds a quote that is never closed: lines 2-4 (the rest of the input) were read as this one record',
        raw: '1,"' + 'x'.repeat(47) + '…',
      },
    ]);
    expect(r.records.map((x) => [x.line, ...x.fields])).toEqual([[1, 'a', 'b']]);
    expect(r.linesSeen).toBe(4);
  });

  // issue 9, class 1: a long quoted field holding CSV-like lines, one good row either side
  it('a quoted field longer than maxRecordBytes holding CSV-like lines is one record: the lines inside are not records', () => {
    const inner = Array.from({ length: 30 }, (_, i) => `P${i},2023-01-01,"",""x""`).join('\n');
    const quoted = `"${inner.replaceAll('"', '""')}"`;
    for (const eol of ['\n', '\r\n']) {
      const text = ['id,date,note', 'A,2023-01-01,ok', `B,2023-01-02,${quoted.replaceAll('\n', eol)}`, 'C,2023-01-03,ok', ''].join(eol);
      const r = scanAll(text, ',', { maxRecordBytes: 64 });
      expect(r.records.map((x) => [x.line, x.fields[0]])).toEqual([
        [1, 'id'],
        [2, 'A'],
        [33, 'C'],
      ]);
      expect(r.errors.map((e) => [e.line, e.reason])).toEqual([[3, 'record on lines 3-32 is longer than 64 bytes']]);
      expect(r.linesSeen).toBe(33);
    }
  });

  it('an over-long record is skipped to its true end whichever field the limit falls in', () => {
    // the limit falls in an unquoted field; a later quoted field still holds line breaks
    const text = 'a,b,c\n' + 'y'.repeat(80) + ',"1\n2,3\n4",z\n5,6,7\n';
    const r = scanAll(text, ',', { maxRecordBytes: 40 });
    expect(r.errors.map((e) => [e.line, e.reason])).toEqual([[2, 'record on lines 2-4 is longer than 40 bytes']]);
    expect(r.records.map((x) => [x.line, ...x.fields])).toEqual([
      [1, 'a', 'b', 'c'],
      [5, '5', '6', '7'],
    ]);
    // the limit falls just after a delimiter, before a quote; and on a doubled quote
    for (const at of ['x'.repeat(39) + ',"a\nb""\nc"', '"' + 'q'.repeat(37) + '""\n""' + '\n"']) {
      const t = 'h\n' + at + '\nok\n';
      const s2 = scanAll(t, ',', { maxRecordBytes: 40 });
      expect(s2.records.map((x) => x.fields[0])).toEqual(['h', 'ok']);
      expect(s2.errors).toHaveLength(1);
    }
  });

  it('an unquoted record longer than maxRecordBytes is reported and skipped', () => {
    const r = scanAll('a,b\n' + 'y'.repeat(80) + ',1\n2,3\n', ',', { maxRecordBytes: 40 });
    expect(r.errors).toEqual([{ line: 2, reason: 'record is longer than 40 bytes', raw: 'y'.repeat(40) + '…' }]);
    expect(r.records.map((x) => x.line)).toEqual([1, 3]);
    // quoted newlines before the cut still count
    const q = scanAll('a,b\n"x\ny",' + 'z'.repeat(80) + '\n1,2\n', ',', { maxRecordBytes: 40 });
    expect(q.errors.map((e) => [e.line, e.reason])).toEqual([[2, 'record on lines 2-3 is longer than 40 bytes']]);
    expect(q.records.map((x) => x.line)).toEqual([1, 4]);
  });

  it('cuts the raw text of a malformed record to 200 bytes', () => {
    const r = scanAll('"a"b' + 'z'.repeat(500) + '\n');
    expect(r.errors[0].raw).toBe('"a"b' + 'z'.repeat(196) + '…');
  });

  it('rejects a delimiter that cannot work, and a bad maxRecordBytes', () => {
    const sink = { record() {}, error() {} };
    expect(() => new CsvScanner('"', sink)).toThrow(RangeError);
    expect(() => new CsvScanner('\n', sink)).toThrow(RangeError);
    expect(() => new CsvScanner(',,', sink)).toThrow(RangeError);
    expect(() => new CsvScanner(',', sink, { maxRecordBytes: 0 })).toThrow(RangeError);
  });

  it('push after end() throws', () => {
    const sc = new CsvScanner(44, { record() {}, error() {} });
    sc.end();
    expect(() => sc.push(Buffer.from('a'))).toThrow(/after end/);
  });
});

describe('FieldView accessors', () => {
  it('bytes, isEmpty, byteLength, source/start/end and equalsAscii, for plain and escaped fields', () => {
    // check inside the callback: the view is reused and its buffer released at end()
    const seen: unknown[] = [];
    scanBuffer(Buffer.from('h\nP001,,"a""b","",é\n'), ',', {
      record(f, line) {
        if (line !== 2) return;
        seen.push(
          f.count,
          Buffer.from(f.bytes(0)).toString(),
          Buffer.from(f.bytes(2)).toString(),
          [0, 1, 2, 3, 4].map((i) => f.isEmpty(i)),
          [0, 1, 2, 3, 4].map((i) => f.byteLength(i)),
          Buffer.from(f.source(2).subarray(f.start(2), f.end(2))).toString(),
          f.equalsAscii(0, 'P001'),
          f.equalsAscii(0, 'P002'),
          f.equalsAscii(2, 'a"b'),
          f.get(4),
          // out of range reads as empty
          f.get(5),
          f.isEmpty(9),
          f.bytes(-1).length,
          f.dayNumberIsoAt(7) === NOT_ISO,
        );
      },
      error() {},
    });
    expect(seen).toEqual([5, 'P001', 'a"b', [false, true, false, true, false], [4, 0, 3, 0, 2], 'a"b', true, false, true, 'é', '', true, 0, true]);
  });

  it('reads ISO dates from bytes, quoted or not, with a time suffix ignored', () => {
    const days: number[] = [];
    scanBuffer(Buffer.from('1970-01-01,"2023-04-01",1969-12-31,2024-02-29T13:05:00,2023-04-01 00:00,"2023-04-""01"\n'), ',', {
      record: (f) => {
        for (let i = 0; i < f.count; i++) days.push(f.dayNumberIsoAt(i));
      },
      error: () => {},
    });
    expect(days).toEqual([0, Date.UTC(2023, 3, 1) / 864e5, -1, Date.UTC(2024, 1, 29) / 864e5, Date.UTC(2023, 3, 1) / 864e5, NOT_ISO]);
  });

  it('rejects what is not a clean, real ISO date', () => {
    const bad = [
      '',
      '2023-02-29',
      '1900-02-29',
      '2023-04-31',
      '2023-13-01',
      '2023-00-10',
      '2023-01-00',
      '2023-01-32',
      '2023-4-1',
      '2023/04/01',
      ' 2023-04-01',
      '2023-04-01x',
      '2023-04-01Z',
      '0999-12-31',
      '2O23-04-01',
      '01/04/2023',
    ];
    for (const s of bad) expect(isoDayNumber(Buffer.from(s), 0, s.length), s).toBe(NOT_ISO);
    expect(isoDayNumber(Buffer.from('2000-02-29'), 0, 10)).toBe(Date.UTC(2000, 1, 29) / 864e5);
    expect(isoDayNumber(Buffer.from('1000-01-01'), 0, 10)).toBe(Date.UTC(1000, 0, 1) / 864e5);
    expect(isoDayNumber(Buffer.from('9999-12-31'), 0, 10)).toBe(Date.UTC(9999, 11, 31) / 864e5);
  });

  it('agrees with Date.UTC on every day, and rejects exactly the impossible ones', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
        const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const t = new Date(Date.UTC(y, m - 1, d));
        const real = m >= 1 && m <= 12 && d >= 1 && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
        expect(isoDayNumber(Buffer.from(s), 0, 10)).toBe(real ? t.getTime() / 864e5 : NOT_ISO);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('detectDelimiter', () => {
  it('picks the most frequent of comma, tab and pipe outside quotes', () => {
    expect(detectDelimiter('a,b,c')).toBe(',');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('a|b|c')).toBe('|');
    expect(detectDelimiter('"x,y,z"|b|c')).toBe('|');
    expect(detectDelimiter('"a|b|c|d",e\tf\tg')).toBe('\t');
    expect(detectDelimiter('name')).toBe(',');
    expect(detectDelimiter('')).toBe(',');
    expect(detectDelimiter('a,b\tc')).toBe(',');
    expect(detectDelimiter('a\tb|c')).toBe('\t');
  });
});

describe('sources', () => {
  const text = 'a,b\n"x\r\ny",2\n3,4';

  it('scanFileSync reads a file through a small reused buffer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'csv-scan-'));
    try {
      const file = join(dir, 'f.csv');
      const big = 'id,n\n' + Array.from({ length: 5000 }, (_, i) => `"P${i}\n",${i}`).join('\r\n');
      writeFileSync(file, big);
      for (const bufferSize of [4, 64, 4096, 1 << 22]) {
        const recs: Rec[] = [];
        const sc = scanFileSync(file, ',', { record: (f, line) => recs.push({ line, fields: f.toArray() }), error: () => {} }, { bufferSize });
        expect(recs, `bufferSize ${bufferSize}`).toEqual(scanString(big).records);
        expect(sc.linesSeen).toBe(10001);
        expect(sc.recordCount).toBe(5001);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('scanStream reads an async stream of chunks', async () => {
    const recs: Rec[] = [];
    const buf = Buffer.from(text);
    const chunks = [buf.subarray(0, 5), buf.subarray(5, 6), buf.subarray(6)];
    await scanStream(Readable.from(chunks), ',', { record: (f, line) => recs.push({ line, fields: f.toArray() }), error: () => {} });
    expect(recs).toEqual(scanString(text).records);
  });

  it('accepts a Uint8Array that is not a Buffer, and a byte delimiter', () => {
    const u8 = new Uint8Array(Buffer.from(text));
    expect(scanString(u8, 44).records).toEqual(scanString(text).records);
  });

  it('64 KiB chunks split a large file correctly', () => {
    const big = Array.from({ length: 20000 }, (_, i) => (i % 97 === 0 ? `"q""${i}\n",é${i},` : `P${i},2023-01-01,x`)).join('\r\n');
    const r = scanChunked(big, ',', [65536]);
    expect(r).toEqual(scanChunked(big, ',', [Infinity]));
    expect(r.records).toEqual(csvParseReference(big, ','));
  });
});

describe('differential: generated CSVs against csv-parse', () => {
  const token = fc.constantFrom('a', 'b', 'Z', '0', '7', ' ', ',', '"', '\n', '\r\n', '\r', '|', '\t', 'é', '😀', '-', "'");
  const field = fc.array(token, { maxLength: 6 }).map((t) => t.join(''));
  const row = fc.array(fc.record({ value: field, forceQuote: fc.boolean() }), { minLength: 1, maxLength: 5 });

  const csv = fc
    .record({
      rows: fc.array(fc.record({ cells: row, blankBefore: fc.nat({ max: 2 }) }), { minLength: 0, maxLength: 12 }),
      delimiter: fc.constantFrom(',', '\t', '|'),
      eol: fc.constantFrom('\n', '\r\n', '\r'),
      bom: fc.boolean(),
      finalNewline: fc.boolean(),
      chunks: fc.array(fc.integer({ min: 1, max: 24 }), { minLength: 1, maxLength: 5 }),
    })
    .map((g) => {
      // build the text and, independently, the records and start lines a reader must see
      let text = g.bom ? '\uFEFF' : '';
      let line = 1;
      const expected: Rec[] = [];
      g.rows.forEach((r, k) => {
        for (let i = 0; i < r.blankBefore; i++) {
          text += g.eol;
          line++;
        }
        const cells = r.cells.map(({ value, forceQuote }) => {
          const needs = /["\r\n]/.test(value) || value.includes(g.delimiter) || (r.cells.length === 1 && value === '');
          return needs || forceQuote ? `"${value.replaceAll('"', '""')}"` : value;
        });
        text += cells.join(g.delimiter);
        expected.push({ line, fields: r.cells.map((c) => c.value) });
        line += 1 + r.cells.reduce((n, c) => n + breaks(c.value), 0);
        if (k < g.rows.length - 1 || g.finalNewline) text += g.eol;
      });
      return { ...g, text, expected };
    });

  it('records and start lines equal csv-parse and the generator', () => {
    fc.assert(
      fc.property(csv, (g) => {
        const mine = scanChunked(g.text, g.delimiter, g.chunks);
        expect(mine.errors).toEqual([]);
        expect(mine.records).toEqual(g.expected);
        expect(mine.records).toEqual(csvParseReference(g.text, g.delimiter));
      }),
      { numRuns: 1500 },
    );
  });

  it('any byte soup: same result however chunked, and never a crash', () => {
    const soup = fc.array(fc.constantFrom(...Buffer.from('a,"\n\r|\t ').values(), 0xc3, 0xa9, 0xef, 0xbb, 0xbf, 0xff), { maxLength: 80 });
    fc.assert(
      fc.property(soup, fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 4 }), fc.constantFrom(',', '|'), (bytes, sizes, d) => {
        const buf = Buffer.from(bytes);
        const whole = scanChunked(buf, d, [Infinity]);
        expect(scanChunked(buf, d, sizes)).toEqual(whole);
        expect(scanChunked(buf, d, sizes, { maxRecordBytes: 10 })).toEqual(scanChunked(buf, d, [Infinity], { maxRecordBytes: 10 }));
        // wherever csv-parse accepts the input, it reads what we read
        let ref: Rec[] | null = null;
        try {
          ref = csvParseReference(buf, d);
        } catch {
          ref = null;
        }
        // (mixed line endings aside: csv-parse locks onto the first one it meets)
        if (ref && whole.errors.length === 0 && !bytes.includes(13)) expect(whole.records).toEqual(ref);
      }),
      { numRuns: 1500 },
    );
  });
});
