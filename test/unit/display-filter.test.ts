import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  collectFieldIds,
  filterFieldNames,
  parseFilter,
  type FilterInput,
} from '../../parsers/core/display-filter';
import { getProtocol } from '../../parsers/index';
import { fromHex } from '../../parsers/core/bytes';
import { LOC, LOGIN } from '../../parsers/gt06/fields';
import type { DecodedFrame } from '../../parsers/core/types';
import { loadCorpus, wireHex } from '../helpers/corpus';

/** A synthetic index record (no decoded frame). */
const rec = (over: Partial<FilterInput> = {}): FilterInput => ({
  protocol: 'gt06',
  messageType: 'login',
  deviceId: '123456789012345',
  direction: 'up',
  transport: 'tcp',
  length: 18,
  ...over,
});

/** The record the engine would build for a decoded frame. */
const decodedRec = (protocol: string, hex: string): FilterInput & { decoded: DecodedFrame } => {
  const bytes = fromHex(hex);
  const decoded = getProtocol(protocol)!.decode(bytes, { transport: 'tcp', direction: 'up' });
  return {
    protocol: decoded.protocol,
    messageType: decoded.messageType,
    deviceId: decoded.deviceId ?? null,
    direction: 'up',
    transport: 'tcp',
    length: bytes.length,
    sessionId: 's1',
    source: 'corpus',
    decoded,
  };
};
const corpusHex = (protocol: string, source: string): string => {
  const f = loadCorpus(protocol).find((x) => x.source === source);
  if (!f) throw new Error(`corpus frame ${source} missing`);
  return wireHex(f);
};

/** Compile or fail the test with the parser's message. */
const compile = (text: string) => {
  const r = parseFilter(text);
  if (!r.ok) throw new Error(`'${text}' did not parse: ${r.error}`);
  return r;
};
const t = (text: string, r: FilterInput): boolean => compile(text).filter.test(r);
const err = (text: string) => {
  const r = parseFilter(text);
  if (r.ok) throw new Error(`'${text}' parsed, expected an error`);
  return r;
};

describe('display filter: parsing', () => {
  it('an empty filter matches everything and needs no tree', () => {
    for (const text of ['', '   ']) {
      const r = compile(text);
      expect(r.needsTree).toBe(false);
      expect(r.filter.test(rec())).toBe(true);
    }
  });

  it('reads every comparison operator', () => {
    const r = rec({ length: 18 });
    expect(t('length == 18', r)).toBe(true);
    expect(t('length != 18', r)).toBe(false);
    expect(t('length > 17', r)).toBe(true);
    expect(t('length < 18', r)).toBe(false);
    expect(t('length >= 18', r)).toBe(true);
    expect(t('length <= 17', r)).toBe(false);
    expect(t('length==0x12', r)).toBe(true);
    expect(t('deviceId contains 4567', r)).toBe(true);
    expect(t('deviceId matches "^12\\d+5$"', r)).toBe(true);
    expect(t('deviceId matches "^2"', r)).toBe(false);
  });

  it('reads values: numbers, quoted strings with escapes, bare words, booleans', () => {
    expect(t('protocol == gt06', rec())).toBe(true);
    expect(t('protocol == "gt06"', rec())).toBe(true);
    expect(t('type == "lbs status"', rec({ messageType: 'lbs status' }))).toBe(true);
    expect(t('source == "a \\"q\\" \\\\ b\\x41"', rec({ source: 'a "q" \\ bA' }))).toBe(true);
    expect(t('source == "tab\\there"', rec({ source: 'tab\there' }))).toBe(true);
    expect(t('direction == down', rec({ direction: 'down' }))).toBe(true);
    expect(t('length > -1.5e1', rec())).toBe(true);
  });

  it('contains ignores case; matches honours a leading (?i)', () => {
    const r = rec({ source: 'Capture-A.pcapng' });
    expect(t('source contains "capture-a"', r)).toBe(true);
    expect(t('source matches "capture"', r)).toBe(false);
    expect(t('source matches "(?i)capture"', r)).toBe(true);
  });

  it('a bare field tests presence', () => {
    expect(t('deviceId', rec())).toBe(true);
    expect(t('deviceId', rec({ deviceId: null }))).toBe(false);
    expect(t('session', rec())).toBe(false);
    expect(t('session', rec({ sessionId: 's1' }))).toBe(true);
    expect(t('protocol', rec({ protocol: null }))).toBe(false);
  });

  it('an absent field fails every comparison, != included', () => {
    const r = rec({ deviceId: null });
    expect(t('deviceId == x', r)).toBe(false);
    expect(t('deviceId != x', r)).toBe(false);
    expect(t('!(deviceId == x)', r)).toBe(true);
  });

  it('keywords and symbols are the same operators', () => {
    const r = rec({ protocol: 'jt808', direction: 'down' });
    expect(t('protocol == jt808 and direction == down', r)).toBe(t('protocol == jt808 && direction == down', r));
    expect(t('protocol == gt06 or direction == down', r)).toBe(true);
    expect(t('not protocol == gt06', r)).toBe(true);
    expect(t('NOT protocol == jt808 OR direction == up', r)).toBe(false);
    expect(t('!!protocol', r)).toBe(true);
  });

  it('and binds tighter than or', () => {
    const r = rec({ protocol: 'jt808', direction: 'up' });
    // jt808 || (gt06 && down): true; read left to right it would be (jt808 || gt06) && down: false.
    expect(t('protocol == jt808 || protocol == gt06 && direction == down', r)).toBe(true);
    expect(t('(protocol == jt808 || protocol == gt06) && direction == down', r)).toBe(false);
    // (down && gt06) || jt808 is true whichever way it groups, but gt06 && (down || jt808) is not.
    expect(t('protocol == gt06 && direction == down || protocol == jt808', r)).toBe(true);
    expect(t('protocol == gt06 && (direction == down || protocol == jt808)', r)).toBe(false);
  });

  it('not binds tighter than and', () => {
    const r = rec({ protocol: 'jt808', direction: 'up' });
    // (!down) && gt06 is false; !(down && gt06) would be true.
    expect(t('!direction == down && protocol == gt06', r)).toBe(false);
    expect(t('!(direction == down && protocol == gt06)', r)).toBe(true);
    expect(t('not direction == down and protocol == jt808', r)).toBe(true);
  });

  it('nested parentheses', () => {
    const r = rec({ protocol: 'h02', transport: 'udp', length: 40 });
    expect(t('((protocol == h02) && ((transport == udp || transport == tcp) && !(length < 32)))', r)).toBe(true);
    expect(t('((protocol == h02) && ((transport == udp || transport == tcp) && !(length < 64)))', r)).toBe(false);
  });

  it('needsTree is true only when a field needs the decoded frame', () => {
    expect(compile('protocol == gt06 && direction == up || length > 10 && !session').needsTree).toBe(false);
    for (const text of ['issue', 'position', 'position.lat > 1', 'attr.alarm == sos', 'gt06.login.imei', '!(type == login) || issue.checksum']) {
      expect(compile(text).needsTree, text).toBe(true);
    }
  });

  it('names of Object.prototype are not fields', () => {
    expect(err('__proto__').error).toMatch(/unknown field '__proto__' at 0/);
    expect(err('constructor == 1').error).toMatch(/unknown field 'constructor'/);
    expect(err('position.constructor').error).toMatch(/unknown field 'position.constructor'/);
    const d = decodedRec('gt06', '78780d01012345678901234500018cdd0d0a');
    expect(t('attr.constructor || attr.__proto__ || attr.toString', d)).toBe(false);
  });

  it('tree fields on a record without a decoded frame are absent', () => {
    const r = rec();
    expect(t('issue', r)).toBe(false);
    expect(t('!issue', r)).toBe(true);
    expect(t('gt06.login.imei', r)).toBe(false);
    expect(t('attr.alarm != sos', r)).toBe(false);
  });
});

describe('display filter: errors name what was expected and where', () => {
  const cases: Array<[string, number, RegExp]> = [
    ['(protocol == gt06', 17, /expected '\)' to close the '\(' at 0, found end of filter/],
    ['((protocol == gt06) || issue', 28, /expected '\)' to close the '\(' at 0/],
    ['protocol == ', 12, /expected a value after '==' at 12/],
    ['protocol == && issue', 12, /expected a value after '==' at 12, found '&&'/],
    ['protocol = gt06', 9, /unknown operator '=' \(did you mean '=='\?\) at 9/],
    ['protocol === gt06', 9, /unknown operator '===' at 9/],
    ['protocol eq gt06', 9, /unknown operator 'eq' after 'protocol' at 9: expected ==, !=/],
    ['protocol ~ gt06', 9, /unknown operator '~' at 9/],
    ['protocol & issue', 9, /unknown operator '&' \(write '&&'\) at 9/],
    ['deviceId matches "("', 17, /invalid regular expression after 'matches' at 17/],
    ['protocol == gt06 )', 17, /unexpected '\)' with no '\(' to close at 17/],
    ['protocol == gt06 foo', 17, /expected '&&', '\|\|' or end of filter, found 'foo' at 17/],
    ['protocol == gt06 &&', 19, /expected a field, '!' or '\(' after '&&', found end of filter at 19/],
    ['()', 1, /expected a field, '!' or '\(' at the start, found '\)' at 1/],
    ['!', 1, /expected a field, '!' or '\(' after '!'/],
    ['foo == 1', 0, /unknown field 'foo' at 0/],
    ['issue.bogus', 0, /unknown field 'issue.bogus' at 0: issue has malformed, checksum/],
    ['position.height > 3', 0, /unknown field 'position.height'/],
    ['attr. == 1', 5, /expected an attribute name after 'attr.' at 5/],
    ['issue == 1', 6, /'issue' is a presence test/],
    ['length > abc', 9, /expected a number after '>' at 9/],
    ['position.valid == yes', 18, /expected true or false after '==' at 18/],
    ['source == "abc', 10, /unterminated string starting at 10/],
    ['type == login #', 14, /unexpected character '#' at 14/],
  ];
  it.each(cases)('%s → error at %i', (text, at, message) => {
    const r = err(text);
    expect(r.at).toBe(at);
    expect(r.error).toMatch(message);
  });
});

describe('display filter: real decoded frames', () => {
  // Gt06ProtocolDecoderTest.java:477: login, IMEI 0123456789012345 (fails Luhn: a protocol issue).
  const login = decodedRec('gt06', '78780d01012345678901234500018cdd0d0a');
  // Gt06ProtocolDecoderTest.java:489: location 54.945347, 24.017622, valid, speed 0.
  const location = decodedRec('gt06', corpusHex('gt06', 'Gt06ProtocolDecoderTest.java:489'));
  // Gt06ProtocolDecoderTest.java:142: LBS status whose CRC the corpus marks bad.
  const badCrc = decodedRec('gt06', corpusHex('gt06', 'Gt06ProtocolDecoderTest.java:142'));
  // Jt808ProtocolDecoderTest.java:111: location from phone 413057160185 with five Wi-Fi APs.
  const jt = decodedRec('jt808', corpusHex('jt808', 'Jt808ProtocolDecoderTest.java:111'));
  // Jt808ProtocolDecoderTest.java:409: moving, ignition on, bad check code.
  const jtBad = decodedRec('jt808', corpusHex('jt808', 'Jt808ProtocolDecoderTest.java:409'));

  it('the corpus marks the checksum frames as the tests assume', () => {
    expect(loadCorpus('gt06').find((f) => f.source === 'Gt06ProtocolDecoderTest.java:142')!.checksum!.ok).toBe(false);
    expect(loadCorpus('jt808').find((f) => f.source === 'Jt808ProtocolDecoderTest.java:409')!.checksum!.ok).toBe(false);
    expect(loadCorpus('gt06').find((f) => f.source === 'Gt06ProtocolDecoderTest.java:489')!.checksum!.ok).toBe(true);
  });

  it('gt06 login: tree ids, frame fields, attributes and issues', () => {
    expect(t('gt06.login.imei == "0123456789012345"', login)).toBe(true);
    expect(t('gt06.login.imei == 0123456789012345', login)).toBe(true); // a bare value keeps its text
    expect(t('gt06.login.imei == 123456789012345', login)).toBe(false); // the node holds a string
    expect(t('gt06.login.imei contains 6789', login)).toBe(true);
    expect(t('gt06.login.imei', login)).toBe(true);
    expect(t('gt06.location.latitude', login)).toBe(false);
    expect(t('gt06.type == 0x01 && gt06.serial == 1', login)).toBe(true);
    expect(t('protocol == gt06 && type == login && deviceId == 123456789012345', login)).toBe(true);
    expect(t('attr.serial == 1', login)).toBe(true);
    expect(t('position', login)).toBe(false);
    expect(t('issue && issue.protocol && !issue.checksum', login)).toBe(true);
    expect(t('issue.id == "gt06.imei_luhn"', login)).toBe(true);
    expect(t('issue.severity == info', login)).toBe(true);
    expect(t('session == s1 && source == corpus && length == 18', login)).toBe(true);
  });

  it('gt06 location: position fields, speed in km/h, time, attributes', () => {
    expect(t('position', location)).toBe(true);
    expect(t('position.lat > 54.94 && position.lat < 54.95 && position.lon >= 24 && position.lon <= 24.1', location)).toBe(true);
    expect(t('position.valid == true', location)).toBe(true);
    expect(t('position.valid == false', location)).toBe(false);
    expect(t('position.speed == 0 && position.speedKnots == 0', location)).toBe(true);
    expect(t('position.time == "2015-10-20T14:21:11.000Z"', location)).toBe(true);
    expect(t('position.time > "2015-10-20" && position.time < "2015-10-21"', location)).toBe(true);
    expect(t('position.time matches "^2015-10-20T14"', location)).toBe(true);
    expect(t('position.satellites == 5', location)).toBe(true);
    expect(t('attr.ignition == false && !attr.alarm', location)).toBe(true);
    expect(t('gt06.location.positioned == true && gt06.location.course == 0', location)).toBe(true);
    expect(t('issue', location)).toBe(false);
  });

  it('issue.checksum finds the frame whose CRC the corpus marks bad', () => {
    expect(t('issue.checksum', badCrc)).toBe(true);
    expect(t('issue.id == "gt06.checksum_incorrect"', badCrc)).toBe(true);
    expect(t('issue.checksum == "gt06.checksum_incorrect"', badCrc)).toBe(true);
    expect(t('issue.severity == error', badCrc)).toBe(true);
    expect(t('issue.malformed', badCrc)).toBe(false);
    expect(t('attr.alarm == lowBattery && attr.alarm contains battery', badCrc)).toBe(true);
    for (const good of [login, location, jt]) expect(t('issue.checksum', good)).toBe(false);
    expect(t('issue.checksum && protocol == jt808', jtBad)).toBe(true);
  });

  it('jt808: header phone, repeated fields match when any occurrence does', () => {
    expect(t('jt808.header.phone == "413057160185"', jt)).toBe(true);
    expect(t('jt808.header.phone contains "3057"', jt)).toBe(true);
    expect(t('jt808.header.phone contains "1334"', jt)).toBe(false);
    expect(t('jt808.header.phone matches "^4130\\d{8}$"', jt)).toBe(true);
    // Five APs: the fourth MAC matches, != is true only when none does.
    expect(t('jt808.item.wifi_f4.mac == "98b3ef4f74dc"', jt)).toBe(true);
    expect(t('jt808.item.wifi_f4.mac != "98b3ef4f74dc"', jt)).toBe(false);
    expect(t('jt808.item.wifi_f4.mac != "000000000000"', jt)).toBe(true);
    expect(t('jt808.item.wifi_f4.rssi < -74', jt)).toBe(true);
    expect(t('jt808.item.wifi_f4.rssi > 0', jt)).toBe(false);
    expect(t('position.lat < 0 && position.lon < 0', jt)).toBe(true); // south, west
  });

  it('jt808: speed in km/h from knots, boolean and string attributes', () => {
    // 23.164147 kn = 42.90 km/h
    expect(t('position.speedKnots > 23.1 && position.speedKnots < 23.2', jtBad)).toBe(true);
    expect(t('position.speed > 42.8 && position.speed < 43', jtBad)).toBe(true);
    expect(t('attr.ignition == true && attr.alarm == "fault"', jtBad)).toBe(true);
    expect(t('attr.ignition == false', jtBad)).toBe(false);
    expect(t('attr.nosuch', jtBad)).toBe(false);
  });
});

describe('display filter: names for autocompletion', () => {
  it('lists the fixed fields', () => {
    const names = filterFieldNames();
    for (const n of ['protocol', 'type', 'deviceId', 'direction', 'transport', 'length', 'session', 'source',
      'position', 'position.lat', 'position.speed', 'position.speedKnots', 'issue', 'issue.checksum', 'issue.id', 'attr.']) {
      expect(names).toContain(n);
    }
    // Every listed name but the `attr.` stem parses as a filter.
    for (const n of names.filter((x) => x !== 'attr.')) expect(parseFilter(n).ok, n).toBe(true);
  });

  it('collects tree ids from field tables, sorted and unique', () => {
    const ids = collectFieldIds([LOGIN, LOC, LOGIN]);
    expect(ids).toContain('gt06.login.imei');
    expect(ids).toContain('gt06.location.latitude');
    expect(ids).toEqual([...new Set(ids)].sort());
    for (const id of ids) expect(parseFilter(id).ok, id).toBe(true);
  });
});

describe('display filter: properties', () => {
  const FRAGMENTS = ['protocol', 'type', 'issue', 'issue.checksum', 'position.lat', 'attr.alarm', 'gt06.login.imei',
    '==', '!=', '>', '<=', '=', '===', '!', 'not', 'and', 'or', '&&', '||', '&', '|', '(', ')', 'contains', 'matches',
    '__proto__', 'constructor', 'position.toString', 'attr.constructor', 'attr.__proto__',
    '"', '"a\\"b"', '"(("', '"\\', 'gt06', '12', '-3.5', '0x1f', 'true', ' ', '~', '#', 'é', '\n'];

  it('parse never throws, and an error points inside the text', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 12 }).map((xs) => xs.join(' ')),
      fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 12 }).map((xs) => xs.join('')),
    );
    fc.assert(
      fc.property(text, (s) => {
        const r = parseFilter(s);
        if (!r.ok) {
          expect(r.at).toBeGreaterThanOrEqual(0);
          expect(r.at).toBeLessThanOrEqual(s.length);
          expect(r.error).toMatch(/ at \d+/);
        } else {
          for (const x of samples) r.filter.test(x); // evaluation never throws either
        }
      }),
      { numRuns: 2000 },
    );
  });

  const samples: FilterInput[] = [
    rec(),
    rec({ protocol: null, deviceId: null, direction: 'down', transport: 'udp', length: 0 }),
    rec({ protocol: 'jt808', messageType: 'location', sessionId: 's2', source: 'x.pcapng' }),
    decodedRec('gt06', '78780d01012345678901234500018cdd0d0a'),
    decodedRec('gt06', corpusHex('gt06', 'Gt06ProtocolDecoderTest.java:489')),
    decodedRec('gt06', corpusHex('gt06', 'Gt06ProtocolDecoderTest.java:142')),
    decodedRec('jt808', corpusHex('jt808', 'Jt808ProtocolDecoderTest.java:409')),
  ];

  const comparison = fc.oneof(
    fc.constantFrom('protocol', 'deviceId', 'session', 'issue', 'issue.checksum', 'position', 'attr.alarm', 'gt06.login.imei', 'jt808.header.phone'),
    fc.tuple(fc.constantFrom('protocol', 'type', 'direction', 'attr.alarm', 'issue.id'), fc.constantFrom('==', '!=', 'contains'),
      fc.constantFrom('gt06', 'jt808', 'login', 'up', 'down', '"lowBattery"', '"fault"', '"gt06.checksum_incorrect"')).map((p) => p.join(' ')),
    fc.tuple(fc.constantFrom('length', 'position.lat', 'position.speed', 'gt06.serial'), fc.constantFrom('==', '!=', '>', '<', '>=', '<='),
      fc.constantFrom('0', '18', '-3.5', '54.9', '0x56', '42.9')).map((p) => p.join(' ')),
    fc.constantFrom('position.valid == true', 'attr.ignition == false', 'deviceId matches "^12"', 'source matches "(?i)PCAP"'),
  );
  const { expr } = fc.letrec<{ expr: string }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      comparison,
      fc.tuple(tie('expr'), fc.constantFrom(' && ', ' || ', ' and ', ' or '), tie('expr')).map(([a, op, b]) => a + op + b),
      tie('expr').map((e) => `!${e}`),
      tie('expr').map((e) => `not ${e}`),
      tie('expr').map((e) => `(${e})`),
    ),
  }));

  it('generated filters parse, and !(F) is the negation of F on sample records', () => {
    fc.assert(
      fc.property(expr, (f) => {
        const a = compile(f);
        const n = compile(`!(${f})`);
        expect(n.needsTree).toBe(a.needsTree);
        for (const r of samples) expect(n.filter.test(r)).toBe(!a.filter.test(r));
      }),
      { numRuns: 500 },
    );
  });

  it('parenthesising leaves the meaning unchanged and && / || follow De Morgan', () => {
    fc.assert(
      fc.property(expr, expr, (f, g) => {
        for (const r of samples) {
          expect(t(`(${f})`, r)).toBe(t(f, r));
          expect(t(`!((${f}) && (${g}))`, r)).toBe(t(`!(${f}) || !(${g})`, r));
        }
      }),
      { numRuns: 300 },
    );
  });
});
