/**
 * JSON text written straight into UTF-8 bytes: the bytes `JSON.stringify(value)` would give once encoded, without
 * building the intermediate string. Compiled row programs (engine.ts) write each value as they draw it, so a JSONL
 * row costs no object, no JSON.stringify and no TextEncoder pass.
 *
 * Equality with JSON.stringify + UTF-8 is the contract (test/generate/json-out.test.ts checks it with fast-check):
 * the same escapes (`\"`, `\\`, `\b\f\n\r\t`, `\u00xx` for other controls, `\udxxx` for lone surrogates), numbers
 * in their shortest round-trip form, non-finite numbers as `null`.
 */
import type { JsonValue } from '../core/types.js';

const HEX = '0123456789abcdef';
const SHORT_ESCAPES: readonly number[] = (() => {
  const table = new Array<number>(128).fill(0);
  table[0x22] = 0x22; // "
  table[0x5c] = 0x5c; // \
  table[0x08] = 0x62; // b
  table[0x0c] = 0x66; // f
  table[0x0a] = 0x6e; // n
  table[0x0d] = 0x72; // r
  table[0x09] = 0x74; // t
  return table;
})();
/** 1 where an ASCII code unit can be copied as is: printable, not `"` nor `\`. */
const PLAIN_ASCII: Uint8Array = (() => {
  const table = new Uint8Array(128);
  for (let c = 0x20; c < 0x80; c++) table[c] = c === 0x22 || c === 0x5c ? 0 : 1;
  return table;
})();
const TEN_POW: readonly number[] = Array.from({ length: 16 }, (_, i) => 10 ** i);
const textEncoder = new TextEncoder();

/** Bytes of `"key":` for an object member, with a leading comma when it is not the first member. */
export function memberPrefix(key: string, first: boolean): Uint8Array {
  return textEncoder.encode(`${first ? '' : ','}${JSON.stringify(key)}:`);
}

/** Bytes of a JSON value as JSON.stringify gives it. */
export function jsonBytes(value: JsonValue): Uint8Array {
  return textEncoder.encode(JSON.stringify(value));
}

/** A growable byte buffer that JSON values are appended to. */
export class JsonOut {
  buf: Uint8Array;
  pos = 0;

  constructor(capacity = 64 * 1024) {
    this.buf = new Uint8Array(capacity);
  }

  /** Makes room for `n` more bytes. */
  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
  }

  /** The bytes written so far, and an empty buffer for what comes next. */
  take(): Uint8Array {
    const used = this.pos;
    this.pos = 0;
    // A mostly full buffer is handed over whole and replaced (no copy); a small take is copied out.
    if (used < this.buf.length >> 1) return this.buf.slice(0, used);
    const out = this.buf.subarray(0, used);
    this.buf = new Uint8Array(this.buf.length);
    return out;
  }

  byte(c: number): void {
    this.reserve(1);
    this.buf[this.pos++] = c;
  }

  bytes(b: Uint8Array): void {
    const n = b.length;
    this.reserve(n);
    const buf = this.buf;
    let p = this.pos;
    // Members and enum values are a few bytes long: a loop beats TypedArray.set's call overhead.
    for (let i = 0; i < n; i++) buf[p++] = b[i] as number;
    this.pos = p;
  }

  /** A JSON string literal. */
  string(s: string): void {
    const n = s.length;
    // Worst case: every unit a 6-byte `\uXXXX` escape, plus the quotes.
    this.reserve(6 * n + 2);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = 0x22;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        if (PLAIN_ASCII[c] === 1) {
          buf[p++] = c;
          continue;
        }
        buf[p++] = 0x5c;
        const short = SHORT_ESCAPES[c] as number;
        if (short !== 0) {
          buf[p++] = short;
        } else {
          buf[p++] = 0x75; // u00xx
          buf[p++] = 0x30;
          buf[p++] = 0x30;
          buf[p++] = HEX.charCodeAt(c >> 4);
          buf[p++] = HEX.charCodeAt(c & 15);
        }
      } else if (c < 0x800) {
        buf[p++] = 0xc0 | (c >> 6);
        buf[p++] = 0x80 | (c & 63);
      } else if (c >= 0xd800 && c <= 0xdfff) {
        const next = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          buf[p++] = 0xf0 | (cp >> 18);
          buf[p++] = 0x80 | ((cp >> 12) & 63);
          buf[p++] = 0x80 | ((cp >> 6) & 63);
          buf[p++] = 0x80 | (cp & 63);
          i++;
        } else {
          // A lone surrogate: well-formed JSON.stringify escapes it rather than emitting invalid UTF-16.
          buf[p++] = 0x5c;
          buf[p++] = 0x75;
          buf[p++] = HEX.charCodeAt(c >> 12);
          buf[p++] = HEX.charCodeAt((c >> 8) & 15);
          buf[p++] = HEX.charCodeAt((c >> 4) & 15);
          buf[p++] = HEX.charCodeAt(c & 15);
        }
      } else {
        buf[p++] = 0xe0 | (c >> 12);
        buf[p++] = 0x80 | ((c >> 6) & 63);
        buf[p++] = 0x80 | (c & 63);
      }
    }
    buf[p++] = 0x22;
    this.pos = p;
  }

  /** Text known to be plain ASCII needing no escape (number text). */
  private ascii(s: string): void {
    const n = s.length;
    this.reserve(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** Digits of a non-negative integer below 2^53. */
  private digits(v: number): void {
    let length = 1;
    while (length < 16 && v >= (TEN_POW[length] as number)) length++;
    if (length === 16) {
      this.ascii(String(v));
      return;
    }
    this.reserve(length);
    const buf = this.buf;
    let p = this.pos + length - 1;
    for (let i = 0; i < length; i++) {
      const q = Math.floor(v / 10);
      buf[p--] = 0x30 + (v - q * 10);
      v = q;
    }
    this.pos += length;
  }

  number(v: number): void {
    if (Number.isInteger(v) && v > -9007199254740992 && v < 9007199254740992) {
      if (v < 0) {
        this.byte(0x2d);
        this.digits(-v);
      } else this.digits(v);
      return;
    }
    this.ascii(Number.isFinite(v) ? String(v) : 'null');
  }

  /**
   * A number known to lie on the decimal grid k / 10^places (places 1..15): written from k when its decimal
   * form is certainly the shortest round-trip one, else as `String(v)`.
   */
  decimal(v: number, places: number): void {
    const scale = TEN_POW[places] as number;
    const k = Math.round(v * scale);
    // Below 10^15 significant digits two grid points never share a double, so k's digits are the shortest form;
    // from 1e-6 down String() switches to exponent notation.
    if (k / scale === v && k > 0 && k < 1e15 && v >= 1e-6) {
      this.decimalDigits(k, places);
      return;
    }
    if (k < 0 && k > -1e15 && k / scale === v && v <= -1e-6) {
      this.byte(0x2d);
      this.decimalDigits(-k, places);
      return;
    }
    this.number(v);
  }

  private decimalDigits(k: number, places: number): void {
    let frac = places;
    while (frac > 0 && k % 10 === 0) {
      k /= 10;
      frac--;
    }
    if (frac === 0) {
      this.digits(k);
      return;
    }
    const scale = TEN_POW[frac] as number;
    const whole = Math.floor(k / scale);
    this.digits(whole);
    let rest = k - whole * scale;
    this.reserve(frac + 1);
    const buf = this.buf;
    buf[this.pos++] = 0x2e;
    let p = this.pos + frac - 1;
    for (let i = 0; i < frac; i++) {
      const q = Math.floor(rest / 10);
      buf[p--] = 0x30 + (rest - q * 10);
      rest = q;
    }
    this.pos += frac;
  }

  boolean(b: boolean): void {
    this.reserve(5);
    const buf = this.buf;
    let p = this.pos;
    if (b) {
      buf[p++] = 0x74;
      buf[p++] = 0x72;
      buf[p++] = 0x75;
      buf[p++] = 0x65;
    } else {
      buf[p++] = 0x66;
      buf[p++] = 0x61;
      buf[p++] = 0x6c;
      buf[p++] = 0x73;
      buf[p++] = 0x65;
    }
    this.pos = p;
  }

  null(): void {
    this.reserve(4);
    const buf = this.buf;
    buf[this.pos++] = 0x6e;
    buf[this.pos++] = 0x75;
    buf[this.pos++] = 0x6c;
    buf[this.pos++] = 0x6c;
  }

  /** Any JSON value (the general path: values a compiled program did not draw itself). */
  value(v: JsonValue): void {
    switch (typeof v) {
      case 'string':
        this.string(v);
        return;
      case 'number':
        this.number(v);
        return;
      case 'boolean':
        this.boolean(v);
        return;
      default:
        if (v === null) this.null();
        else if (Array.isArray(v)) {
          this.byte(0x5b);
          for (let i = 0; i < v.length; i++) {
            if (i > 0) this.byte(0x2c);
            this.value(v[i] as JsonValue);
          }
          this.byte(0x5d);
        } else {
          this.byte(0x7b);
          let first = true;
          for (const key of Object.keys(v)) {
            const member = v[key];
            // JSON.stringify drops undefined members; generated objects never hold any, but stay equal anyway.
            if (member === undefined) continue;
            if (!first) this.byte(0x2c);
            first = false;
            this.string(key);
            this.byte(0x3a);
            this.value(member);
          }
          this.byte(0x7d);
        }
    }
  }
}
