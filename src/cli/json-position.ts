/**
 * Where a JSON text goes wrong, as file:line:column. V8's JSON.parse gives a position for some errors
 * ("… in JSON at position 42") but not for others ("Unexpected token '}', "…" is not valid JSON"), so when
 * it is missing a strict RFC 8259 scanner finds the first offending character. Hand-written: it only runs
 * after JSON.parse has failed, and the libraries that report positions (jsonc-parser and kin) accept a
 * looser dialect than JSON.parse and would point elsewhere.
 */

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX_DIGIT = /^[0-9a-fA-F]$/;

/** Offset of the first character at which `text` stops being JSON (its length when it ends too early), or undefined if it is JSON. */
export function jsonErrorOffset(text: string): number | undefined {
  const n = text.length;
  let i = 0;
  const isDigit = (k: number): boolean => k < n && text.charCodeAt(k) >= 0x30 && text.charCodeAt(k) <= 0x39;
  const skipWs = (): void => {
    while (i < n && WS.has(text.charCodeAt(i))) i++;
  };
  // Each scanner returns the error offset, or undefined after consuming a well-formed token.
  const string = (): number | undefined => {
    i++;
    for (;;) {
      if (i >= n) return n;
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return undefined;
      }
      if (c < 0x20) return i;
      if (c === 0x5c) {
        i++;
        if (i >= n) return n;
        const e = text[i]!;
        if (ESCAPES.has(e)) i++;
        else if (e === 'u') {
          for (let k = 1; k <= 4; k++) if (i + k >= n || !HEX_DIGIT.test(text[i + k]!)) return Math.min(i + k, n);
          i += 5;
        } else return i;
      } else i++;
    }
  };
  const number = (): number | undefined => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else if (isDigit(i)) while (isDigit(i)) i++;
    else return Math.min(i, n);
    if (text[i] === '.') {
      i++;
      if (!isDigit(i)) return Math.min(i, n);
      while (isDigit(i)) i++;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (!isDigit(i)) return Math.min(i, n);
      while (isDigit(i)) i++;
    }
    return undefined;
  };
  const literal = (word: string): number | undefined => {
    for (let k = 0; k < word.length; k++, i++) if (i >= n || text[i] !== word[k]) return Math.min(i, n);
    return undefined;
  };
  const scalar = (): number | undefined => {
    const c = text[i]!;
    if (c === '"') return string();
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    return i;
  };
  /** `"name" :` with `i` left at the value. */
  const member = (): number | undefined => {
    skipWs();
    if (i >= n) return n;
    if (text[i] !== '"') return i;
    const bad = string();
    if (bad !== undefined) return bad;
    skipWs();
    if (i >= n) return n;
    if (text[i] !== ':') return i;
    i++;
    return undefined;
  };

  // Iterative, with an explicit stack, so deeply nested input cannot overflow the call stack.
  const stack: Array<'{' | '['> = [];
  for (;;) {
    skipWs();
    if (i >= n) return n;
    const c = text[i];
    let complete = true;
    if (c === '{') {
      i++;
      skipWs();
      if (text[i] === '}') i++;
      else {
        stack.push('{');
        const bad = member();
        if (bad !== undefined) return bad;
        complete = false;
      }
    } else if (c === '[') {
      i++;
      skipWs();
      if (text[i] === ']') i++;
      else {
        stack.push('[');
        complete = false;
      }
    } else {
      const bad = scalar();
      if (bad !== undefined) return bad;
    }
    if (!complete) continue;
    // A value just ended: close containers and find the next value.
    for (;;) {
      skipWs();
      const top = stack[stack.length - 1];
      if (top === undefined) return i < n ? i : undefined;
      if (i >= n) return n;
      const d = text[i];
      if (d === ',') {
        i++;
        if (top === '{') {
          const bad = member();
          if (bad !== undefined) return bad;
        }
        break;
      }
      if ((top === '{' && d === '}') || (top === '[' && d === ']')) {
        i++;
        stack.pop();
        continue;
      }
      return i;
    }
  }
}

/** 1-based line and column (in characters, counting a surrogate pair once) of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = text.indexOf('\n'); k !== -1 && k < offset; k = text.indexOf('\n', k + 1)) {
    line++;
    lineStart = k + 1;
  }
  let column = 1;
  for (let k = lineStart; k < offset; k++) {
    const c = text.charCodeAt(k);
    if (!(c >= 0xdc00 && c <= 0xdfff && k > lineStart && text.charCodeAt(k - 1) >= 0xd800 && text.charCodeAt(k - 1) <= 0xdbff)) column++;
  }
  return { line, column };
}

/**
 * JSON.parse's message without the parts that are replaced by file:line:column (the position and the echo
 * of the input), with control characters escaped so it stays on one line.
 */
export function cleanJsonMessage(message: string): { message: string; position: number | undefined } {
  const at = /\s*in JSON at position (\d+)(?: \(line \d+ column \d+\))?/.exec(message);
  let out = message;
  let position: number | undefined;
  if (at !== null) {
    position = Number(at[1]);
    out = out.slice(0, at.index) + out.slice(at.index + at[0].length);
  }
  // V8 echoes the input, truncated with "..." at either end when long: `…, ..."{"a": tru}"... is not valid JSON`.
  const echo = out.search(/, (?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/);
  if (echo !== -1) out = out.slice(0, echo);
  out = out.replace(/[\u0000-\u001f]/g, (c) =>
    c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return { message: out, position };
}
