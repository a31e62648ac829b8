/**
 * ByteMap against a plain Map of strings: the same entry numbers for every key, whatever the
 * keys' lengths (inline in the slot up to 8 bytes, in the arena beyond), NUL bytes, surrounding
 * spaces, growth and rehashing.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ByteMap } from '../../src/io/byte-map.js';

const bytes = (s: string) => Buffer.from(s, 'latin1');

describe('ByteMap', () => {
  it('the @example', () => {
    const m = new ByteMap();
    expect(m.add(Buffer.from('007'), 0, 3)).toBe(0);
    expect(m.get(Buffer.from(' 007 '), 0, 5)).toBe(0);
    expect(m.get(Buffer.from('7'), 0, 1)).toBe(-1);
  });

  it('keys that differ only past byte 8, by a trailing NUL, or by length are different keys', () => {
    const m = new ByteMap(4);
    const keys = ['12345678', '123456789', '1234567', '12345678\0', '\0', 'a\0b', '', 'x'.repeat(40), 'x'.repeat(41), '1234\u00ff678'];
    keys.forEach((k, i) => expect(m.add(bytes(k), 0, bytes(k).length)).toBe(i));
    keys.forEach((k, i) => expect(m.get(bytes(k), 0, bytes(k).length)).toBe(i));
    keys.forEach((k) => expect(m.key(m.get(bytes(k), 0, bytes(k).length))).toBe(Buffer.from(k, 'latin1').toString('utf8')));
  });

  it('agrees with a Map of strings on random keys, through growth and rehashing', () => {
    const key = fc.oneof(
      fc.stringMatching(/^[0-9]{1,12}$/),
      fc.uint8Array({ minLength: 0, maxLength: 20 }).map((a) => Buffer.from(a).toString('latin1')),
      fc.constantFrom('007', '7', '0007', '12345678', '123456780'),
    );
    fc.assert(
      fc.property(fc.array(key, { maxLength: 400 }), fc.array(key, { maxLength: 50 }), (added, probes) => {
        const m = new ByteMap(2);
        const ref = new Map<string, number>();
        const trim = (s: string) => s.replace(/^[ \t]+|[ \t]+$/g, '');
        for (const k of added) {
          const t = trim(k);
          if (!ref.has(t)) ref.set(t, ref.size);
          const b = bytes(k);
          expect(m.add(b, 0, b.length)).toBe(ref.get(t));
        }
        for (const k of [...added, ...probes]) {
          const b = bytes(k);
          expect(m.get(b, 0, b.length)).toBe(ref.get(trim(k)) ?? -1);
        }
        expect(m.size).toBe(ref.size);
      }),
      { numRuns: 300 },
    );
  });
});
