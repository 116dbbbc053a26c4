import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../src/core/types.js';
import {
  decimalsOf,
  derivePattern,
  detectDatetime,
  formatDatetime,
  identifierSpec,
  isNullToken,
  layoutFormat,
  layoutPattern,
  layoutResolution,
  numberFromText,
  parseDatetime,
  piiFromName,
  piiFromValues,
  runsPattern,
  typeColumn,
} from '../../src/infer/index.js';

describe('typeColumn: types from JSON values and CSV text', () => {
  const table: Array<[string, JsonValue[], string, number?]> = [
    ['CSV decimals', ['0.0', '12.8', '5', '-3.25'], 'number'],
    ['CSV integers', ['1', '-12', '+3', '0'], 'integer'],
    ['JSON integers', [1, 2, 3], 'integer'],
    ['JSON numbers', [1, 2.5, 3], 'number'],
    ['exponent', ['1e3', '2.5E-2'], 'number'],
    ['booleans', ['true', 'FALSE', 'True'], 'boolean'],
    ['JSON booleans', [true, false], 'boolean'],
    ['ISO dates', ['2012-01-01', '2012-01-02'], 'datetime'],
    ['month names', ['Jun 12 1998', 'Aug 07 1998', 'Dec 31 1969'], 'datetime'],
    ['date-times', ['2020-01-01T10:00:00Z', '2021-05-06T11:12:13.5Z'], 'datetime'],
    ['leading zeros are codes', ['007', '012', '123'], 'string'],
    ['thousands separators are text', ['1,234', '5,678'], 'string'],
    ['yes/no is not guessed', ['yes', 'no', 'yes'], 'string'],
    ['words', ['rain', 'sun'], 'string'],
    ['impossible dates are text', ['2019-02-29', '2019-02-30'], 'string'],
    ['NaN is not a number', ['NaN', 'Infinity'], 'string'],
  ];
  it.each(table)('%s', (_name, values, type) => {
    expect(typeColumn(values).type).toBe(type);
  });

  it('the majority type wins at 95% and the rest become missing', () => {
    const values: JsonValue[] = [...Array.from({ length: 98 }, (_, i) => String(i)), 'oops', 'n/a'];
    const typed = typeColumn(values);
    expect(typed.type).toBe('integer');
    expect(typed.coerced).toBe(1);
    expect(typed.nullTokens).toBe(1);
    expect(typed.values.filter((v) => v === null)).toHaveLength(2);
  });

  it('below 95% the column is text and keeps every value', () => {
    const values: JsonValue[] = [...Array.from({ length: 90 }, (_, i) => i), ...Array.from({ length: 10 }, () => 'word')];
    const typed = typeColumn(values);
    expect(typed.type).toBe('string');
    expect(typed.values[0]).toBe('0');
    expect(typed.values[99]).toBe('word');
  });

  it('counts decimals as written', () => {
    expect(typeColumn(['12.80', '1.5']).decimals).toBe(2);
    expect(decimalsOf('1.5e-3')).toBe(4);
    expect(decimalsOf('12')).toBe(0);
  });

  it('reads numbers strictly', () => {
    expect(numberFromText('0.5')).toBe(0.5);
    expect(numberFromText('.5')).toBe(0.5);
    expect(numberFromText('-0')).toBe(-0);
    expect(numberFromText('00.5')).toBeUndefined();
    expect(numberFromText('1.')).toBeUndefined();
    expect(numberFromText('')).toBeUndefined();
    expect(numberFromText('e5')).toBeUndefined();
    expect(isNullToken(' N/A ')).toBe(true);
    expect(isNullToken('none')).toBe(true);
    expect(isNullToken('zero')).toBe(false);
  });

  it('arrays and objects are flagged as structured', () => {
    expect(typeColumn([['a'], { b: 1 }]).structured).toBe(true);
  });

  it('an all-null-token column is text', () => {
    expect(typeColumn(['NA', 'null']).type).toBe('string');
  });
});

describe('dates and date-times', () => {
  it('detects the layout and writes values back identically', () => {
    const cases: Array<[string[], string]> = [
      [['2012-01-01', '2015-12-31'], 'YYYY-MM-DD'],
      [['Jun 12 1998', 'Aug 07 1998'], 'MMM DD YYYY'],
      [['1/5/2020', '12/15/2020'], 'M/D/YYYY'],
      [['13/05/2020', '02/06/2020'], 'DD/MM/YYYY'],
      [['2020-01-01 10:00', '2021-05-06 11:12'], 'YYYY-MM-DD HH:mm'],
      [['2020-01-01T10:00:00+02:00', '2021-05-06T11:12:13+02:00'], 'YYYY-MM-DDTHH:mm:ssZZ'],
      [['05 January 2001', '17 March 2002'], 'DD MMMM YYYY'],
      [['JAN 05 2000', 'FEB 29 2000'], 'MMM DD YYYY'],
      [['2001.02.03', '2004.05.06'], 'YYYY.MM.DD'],
    ];
    for (const [values, layout] of cases) {
      const detection = detectDatetime(values);
      expect(detection?.format.layout, values.join()).toBe(layout);
      const written = detection!.values.map((ms) => formatDatetime(ms!, detection!.format));
      expect(written).toEqual(values);
      for (const text of written) expect(new RegExp(layoutPattern(detection!.format), 'u').test(text)).toBe(true);
    }
  });

  it('widens the fraction to the longest one seen and accepts values without one', () => {
    const detection = detectDatetime(['2020-01-01T10:00:00Z', '2021-05-06T11:12:13.5Z', '2021-05-06T11:12:13.123Z']);
    expect(detection?.format.layout).toBe('YYYY-MM-DDTHH:mm:ss.SSSZ');
    expect(formatDatetime(detection!.values[1]!, detection!.format)).toBe('2021-05-06T11:12:13.500Z');
    expect(layoutFormat(detection!.format.layout)).toBe('date-time');
  });

  it('flags day/month ambiguity and assumes the US order', () => {
    const detection = detectDatetime(['01/05/2020', '02/06/2020']);
    expect(detection?.format.layout).toBe('MM/DD/YYYY');
    expect(detection?.ambiguousDayMonth).toBe(true);
  });

  it('keeps one offset, writes mixed offsets in UTC', () => {
    const mixed = detectDatetime(['2020-01-01T10:00:00+02:00', '2020-01-01T10:00:00-05:00']);
    expect(mixed?.format.offsetMinutes).toBeUndefined();
    expect(formatDatetime(mixed!.values[0]!, mixed!.format)).toBe('2020-01-01T08:00:00+00:00');
  });

  it('refuses what is not a calendar date or not in the list', () => {
    expect(detectDatetime(['2019-02-29'])).toBeUndefined();
    expect(detectDatetime(['12.8', '5.0'])).toBeUndefined();
    expect(detectDatetime(['yesterday', 'today'])).toBeUndefined();
    expect(detectDatetime(['3:45 PM 1/2/2020'])).toBeUndefined();
    expect(detectDatetime([])).toBeUndefined();
    expect(parseDatetime('2020-13-01', 'YYYY-MM-DD')).toBeUndefined();
    expect(parseDatetime('Foo 01 2020', 'MMM DD YYYY')).toBeUndefined();
    expect(parseDatetime('0099-01-01', 'YYYY-MM-DD')).toBe(
      Date.UTC(2000, 0, 1) - Date.UTC(2000, 0, 1) + new Date('0099-01-01T00:00:00Z').getTime(),
    );
  });

  it('reports the resolution and JSON Schema formats of layouts', () => {
    expect(layoutResolution('YYYY-MM-DD')).toBe(86_400_000);
    expect(layoutResolution('YYYY-MM-DD HH:mm')).toBe(60_000);
    expect(layoutResolution('YYYY-MM-DDTHH:mm:ssZ')).toBe(1000);
    expect(layoutResolution('YYYY-MM-DDTHH:mm:ss.SSZ')).toBe(10);
    expect(layoutFormat('YYYY-MM-DD')).toBe('date');
    expect(layoutFormat('YYYY-MM-DDTHH:mm:ssZZ')).toBe('date-time');
    expect(layoutFormat('MMM DD YYYY')).toBeUndefined();
  });
});

describe('pattern derivation by character classes', () => {
  const table: Array<[string[], string | undefined]> = [
    [['AB-1234', 'XY-9876', 'QQ-0001'], '^[A-Z]{2}-[0-9]{4}$'],
    [['CU-100001', 'CU-100008', 'CU-200015'], '^CU-[0-9]{6}$'],
    [['a1', 'b22', 'c333'], '^[a-z][0-9]{1,3}$'],
    [['Ab12', 'CD34', 'ef56'], '^[A-Za-z]{2}[0-9]{2}$'],
    [['3f9a0b', 'a1b2c3', '00ff00'], '^[0-9a-f]{6}$'],
    [['x.y', 'p.q'], '^[a-z]\\.[a-z]$'],
    [['has space', 'two words'], undefined],
    [['AB-12', 'AB12'], undefined],
    [[], undefined],
  ];
  it.each(table)('%j → %s', (values, pattern) => {
    expect(derivePattern(values)).toBe(pattern);
    if (pattern !== undefined) for (const v of values) expect(new RegExp(pattern, 'u').test(v)).toBe(true);
  });

  it('picks a position whose characters the sample never uses there', () => {
    const values = Array.from({ length: 200 }, (_, i) => `ID-${1000 + i * 37}`);
    const spec = identifierSpec(values)!;
    expect(spec.exclusive).toBeDefined();
    const { run, position, chars } = spec.exclusive!;
    const seen = new Set(values.map((v) => v.slice(3)[position]));
    expect(spec.runs[run]).toEqual({ class: 'digit', min: 4, max: 4 });
    for (const c of chars) expect(seen.has(c)).toBe(false);
  });

  it('lengthens a run when every character occurs everywhere', () => {
    const values = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
    const spec = identifierSpec(values)!;
    expect(spec.exclusive).toBeUndefined();
    expect(spec.extraLength).toEqual({ run: 0, length: 3 });
    expect(runsPattern(spec.runs)).toBe('^[0-9]{2,3}$');
  });

  it('needs at least one varying class run', () => {
    expect(identifierSpec(['same', 'same'])).toBeUndefined();
  });
});

describe('personal data', () => {
  it('from the column name', () => {
    expect(piiFromName('email')).toEqual({ kind: 'email', conclusive: true });
    expect(piiFromName('billingEmail')?.kind).toBe('email');
    expect(piiFromName('customer_name')?.kind).toBe('fullName');
    expect(piiFromName('First Name')?.kind).toBe('firstName');
    expect(piiFromName('home-phone')?.kind).toBe('phone');
    expect(piiFromName('date_of_birth')?.kind).toBe('birthDate');
    expect(piiFromName('name')).toEqual({ kind: 'fullName', conclusive: false });
    expect(piiFromName('customer_id')).toEqual({ kind: 'identifier', conclusive: false });
    expect(piiFromName('Airport Name')).toBeUndefined();
    expect(piiFromName('Origin State')).toBeUndefined();
    expect(piiFromName('')).toBeUndefined();
  });

  it('from the values', () => {
    expect(piiFromValues(['a@b.com', 'c.d@e.org'])).toBe('email');
    expect(piiFromValues(['550e8400-e29b-41d4-a716-446655440000'])).toBe('uuid');
    expect(piiFromValues(['https://a.org/x', 'http://b.com'])).toBe('url');
    expect(piiFromValues(['10.0.0.1', '192.168.1.20'])).toBe('ipv4');
    expect(piiFromValues(['2001:db8::1', 'fe80::1:2'])).toBe('ipv6');
    expect(piiFromValues(['00:1a:2b:3c:4d:5e'])).toBe('mac');
    expect(piiFromValues(['123-45-6789'])).toBe('ssn');
    expect(piiFromValues(['4111 1111 1111 1111', '5500-0000-0000-0004'])).toBe('creditCard');
    expect(piiFromValues(['DE89370400440532013000', 'GB29NWBK60161331926819'])).toBe('iban');
    expect(piiFromValues(['+1 (415) 555-2671', '020 7946 0018'])).toBe('phone');
    expect(piiFromValues(['12 Main Street', '4 Elm Ave.'])).toBe('streetAddress');
    expect(piiFromValues(['Steven Spielberg', 'Martin Scorsese', 'Ridley Scott'])).toBe('fullName');
    expect(piiFromValues(['Warner Bros.', 'Sony Pictures', 'Universal'])).toBeUndefined();
    expect(piiFromValues(['rain', 'sun', 'fog'])).toBeUndefined();
    expect(piiFromValues(['12345678', '87654321'])).toBeUndefined();
    expect(piiFromValues([])).toBeUndefined();
  });
});
