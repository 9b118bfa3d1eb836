/**
 * GT06 message contents, one decoder per protocol number (Concox GT06N v1.8, JM-VL03 v1.1.2 and
 * the model variants Traccar's Gt06ProtocolDecoder knows). Each reader spans exactly the content
 * between the protocol number and the serial number; layouts that depend on the model are chosen
 * from the bytes (content length, valid dates, BCD IMEI) and the choice is stated in the tree.
 */
import { FieldReader, addBits, addIssue, issue } from '../core/reader';
import { latin1, luhnValid, toHex } from '../core/bytes';
import { ALARM, COMMAND, EVENT_ALARMS, F, HEARTBEAT, INFO, MODULAR, OBD, PHOTO, SERIAL_DATA, STRING, TIME, TLV, VERSION, COURSE_BITS, LOGIN } from './fields';
import {
  type ContentInfo, type Decoder, type Fix, type Out, addAlarm, emit, hex2, imeiAt, note, peek, printableAscii, readAlarmCode, readGps, readGsm,
  readImei, readTerminalInfo, readTime, readUnixTime, readVoltageLevel, rest, textItems, unknown,
} from './blocks';
import {
  alarm16, az735, driver61, fence4g, gps10, gps11, gpsLbsExtend, gpsPhone, isLocation36, lbs24, location12, location22, location31, location32,
  location36, location37, location38, location4g, photoInfo, rfid17, rfid25, wifi4g, x1Location,
} from './location';
import { lbsStatus, multiLbs, wifiF3, wifiNoCrc } from './lbs';

/** 0x01: IMEI, optional type identification code and time zone / language. */
const login: Decoder = (r, out) => {
  r.group(F.login, () => {
    const imei = r.bcd(LOGIN.imei, 8);
    if (imei !== undefined) {
      out.deviceId = imei.replace(/^0/, '');
      if (!luhnValid(out.deviceId)) addIssue(r.last!, issue('gt06.imei_luhn', 'protocol', 'info', `IMEI ${out.deviceId} fails the Luhn check`));
    }
    if (r.remaining >= 2) r.u16(LOGIN.model);
    if (r.remaining >= 2) {
      r.u16(LOGIN.timezone, {
        display: (v) => `GMT${v & 0x08 ? '-' : '+'}${Math.floor((v >> 4) / 100)}:${String((v >> 4) % 100).padStart(2, '0')}, language ${v & 0x03}`,
      });
    }
    rest(r, 'login bytes after the time zone field');
  });
};

/** Status packet 0x13: standard (5 bytes), LW (12-bit voltage), OBD6 (14 bytes) or extended (16 bytes). */
const heartbeat13: Decoder = (r, out) => {
  r.group(F.heartbeat, () => {
    const n = r.remaining;
    if (n === 16) return statusExtended(r, out);
    if (readTerminalInfo(r, HEARTBEAT.terminal_info, 'gt06.heartbeat', out) === undefined) return;
    if (n === 14) return statusObd6(r, out);
    if (readVoltageLevel(r, HEARTBEAT.voltage, out) === undefined) return;
    if (readGsm(r, HEARTBEAT.gsm, out) === undefined) return;
    if (r.remaining >= 2) {
      const b = peek(r, 2);
      const volts = (((b[0]! << 8) | b[1]!) & 0x0fff) / 10;
      if (b[1]! > 2 && volts > 0 && volts <= 100) {
        r.u16(HEARTBEAT.power, { display: (v) => `${((v & 0x0fff) / 10).toFixed(1)} V (raw 0x${v.toString(16).padStart(4, '0')})` });
        out.attributes.power = volts;
        note(r, `language byte 0x${hex2(b[1]!)} is no language code: read as the 12-bit external voltage of LW-series models`);
      } else {
        readAlarmCode(r, HEARTBEAT.alarm, out);
        r.u8(HEARTBEAT.language);
      }
    }
    rest(r, 'heartbeat bytes not decoded');
  });
};

/** OBD6 status after the terminal information: signal, alarm, language, battery, mode, power, temperature. */
function statusObd6(r: FieldReader, out: Out): void {
  note(r, '14-byte status: OBD6 layout');
  const sig = r.u16(HEARTBEAT.signal, { display: (v) => `${((v >> 10) & 0x1f) + ((v >> 5) & 0x1f)} satellites, signal ${v & 0x1f}` });
  if (sig === undefined) return;
  out.attributes.sat = ((sig >> 10) & 0x1f) + ((sig >> 5) & 0x1f);
  out.attributes.rssi = sig & 0x1f;
  readAlarmCode(r, HEARTBEAT.alarm, out);
  r.u8(HEARTBEAT.language);
  const level = r.u8(HEARTBEAT.battery_level);
  if (level !== undefined) out.attributes.batteryLevel = level;
  const mode = r.u8(HEARTBEAT.mode);
  const power = r.u16(HEARTBEAT.working_power, { display: (v) => `${(v / 100).toFixed(2)} V` });
  if (power !== undefined) out.attributes.power = power / 100;
  r.u8(HEARTBEAT.reserved);
  r.u16(HEARTBEAT.working_time);
  if (mode === 4 && r.remaining >= 2) {
    const t = r.i16({ ...HEARTBEAT.temperature, doc: '× 0.1 °C' }, { display: (v) => `${(v / 10).toFixed(1)} °C` });
    if (t !== undefined) out.attributes.temp1 = t / 10;
  }
  rest(r, 'status bytes after the working time');
}

/** Extended status (16 bytes): battery level and a sign-magnitude temperature. */
function statusExtended(r: FieldReader, out: Out): void {
  r.u8(HEARTBEAT.info_content);
  note(r, '16-byte status: extended layout with battery level and temperature');
  r.u16(HEARTBEAT.satellites);
  readAlarmCode(r, HEARTBEAT.alarm, out);
  r.u8(HEARTBEAT.language);
  const level = r.u8(HEARTBEAT.battery_level);
  if (level !== undefined) out.attributes.batteryLevel = level;
  r.u8(HEARTBEAT.mode);
  r.u16(HEARTBEAT.working_power, { display: (v) => `${(v / 100).toFixed(2)} V` });
  r.u8(HEARTBEAT.reserved);
  r.u16(HEARTBEAT.working_times);
  r.u16(HEARTBEAT.working_time);
  const t = r.u16(HEARTBEAT.temperature, { display: (v) => `${((v & 0x8000 ? 1 : -1) * (v & 0x7fff) / 10).toFixed(1)} °C` });
  if (t !== undefined) out.attributes.temp1 = Math.round(((t & 0x8000 ? 1 : -1) * (t & 0x7fff))) / 10;
  rest(r, 'status bytes after the temperature');
}

/** GK310 heartbeat 0x23: terminal information, battery voltage (0.01 V), GSM, language. */
const heartbeat23: Decoder = (r, out) => {
  r.group(F.heartbeat, () => {
    const info = readTerminalInfo(r, HEARTBEAT.terminal_info, 'gt06.heartbeat', out);
    if (info === undefined) return;
    out.attributes.armed = (info & 1) === 1;
    if (r.remaining >= 2) {
      const v = r.u16(HEARTBEAT.battery, { display: (x) => `${(x / 100).toFixed(2)} V` });
      if (v !== undefined) out.attributes.battery = v / 100;
    }
    if (r.remaining >= 1) {
      readGsm(r, HEARTBEAT.gsm, out);
    }
    if (r.remaining === 2) r.u16(HEARTBEAT.language16);
    rest(r, 'heartbeat bytes not decoded');
  });
};

/** 4G heartbeat 0x36: status block, language and extension modules. */
function status36(r: FieldReader, out: Out): void {
  r.group(F.heartbeat, () => {
    if (readTerminalInfo(r, HEARTBEAT.terminal_info, 'gt06.heartbeat', out) === undefined) return;
    readVoltageLevel(r, HEARTBEAT.voltage, out);
    readGsm(r, HEARTBEAT.gsm, out);
    readAlarmCode(r, HEARTBEAT.alarm, out);
    r.u8(HEARTBEAT.language);
    while (r.remaining >= 3) {
      const len = r.bytes[r.pos + 2]!;
      if (len > r.remaining - 3) break;
      r.group(HEARTBEAT.module, () => {
        const id = r.u16(HEARTBEAT.module_id, { display: (v) => `0x${v.toString(16).padStart(4, '0')}${{ 0x18: ' battery voltage', 0x32: ' startup status', 0x6a: ' battery level' }[v] ?? ''}` });
        r.u8(HEARTBEAT.module_length);
        if (id === 0x18 && len === 2) {
          const v = r.u16({ ...HEARTBEAT.battery, id: 'gt06.heartbeat.module_battery' }, { display: (x) => `${(x / 100).toFixed(2)} V` });
          if (v !== undefined) out.attributes.battery = v / 100;
        } else if (id === 0x32 && len === 1) {
          const v = r.u8({ ...HEARTBEAT.module_value, type: 'u8', label: 'Startup status' });
          if (v !== undefined) out.attributes.startupStatus = v;
        } else if (id === 0x6a && len === 1) {
          const v = r.u8({ ...HEARTBEAT.battery_level, id: 'gt06.heartbeat.module_battery_level' });
          if (v !== undefined) out.attributes.batteryLevel = v;
        } else if (len) r.raw(HEARTBEAT.module_value, len);
      });
    }
    rest(r, 'status bytes after the modules');
  });
}

/** 0x15: length, server flag, ASCII answer, language. */
const string15: Decoder = (r, out) => {
  r.group(F.string, () => {
    const len = r.u8(STRING.length);
    if (len !== undefined && len >= 4) {
      r.u32(STRING.server_flag);
      const text = r.ascii(STRING.text, Math.min(len - 4, r.remaining));
      if (text !== undefined) setResult(out, text);
    }
    if (r.remaining === 2) r.u16(STRING.language);
    rest(r, 'string bytes not decoded');
  });
};

/** An answer text: `<ICCID:…>` becomes the ICCID, anything else the result. */
function setResult(out: Out, text: string): void {
  if (text.startsWith('<ICCID:')) out.attributes.iccid = text.slice(7, 27);
  else out.attributes.result = text;
}

const LOCATION_TEXT = /^Current position!Lat:([NS])(\d+(?:\.\d+)?),Lon:([EW])(\d+(?:\.\d+)?),Course:(\d+(?:\.\d+)?),Speed:(\d+(?:\.\d+)?),DateTime:(\d{4})-(\d\d)-(\d\d) +(\d\d):(\d\d):(\d\d)/;

/** 0x21 (0x7979): server flag, encoding, answer text (ASCII or UTF-16BE); a position answer becomes a fix. */
const string21: Decoder = (r, out) => {
  r.group(F.string, () => {
    r.u32(STRING.server_flag);
    const enc = r.u8(STRING.encoding);
    if (enc === undefined) return;
    const b = r.raw(STRING.text, r.remaining);
    if (!b) return;
    const text = enc === 2 ? utf16be(b) : latin1(b);
    const node = r.last!;
    node.value = text;
    node.display = JSON.stringify(text);
    const m = LOCATION_TEXT.exec(text);
    if (m) {
      const time = `${m[7]}-${m[8]}-${m[9]}T${m[10]}:${m[11]}:${m[12]}.000Z`;
      const lat = Number(m[2]) * (m[1] === 'S' ? -1 : 1);
      const lon = Number(m[4]) * (m[3] === 'W' ? -1 : 1);
      if (!Number.isNaN(Date.parse(time))) out.positions.push({ time, valid: true, lat, lon, course: Number(m[5]), speedKnots: Number(m[6]) });
    } else out.attributes.result = text;
  });
};

/** UTF-16BE text of the bytes (the 0x21 answer encoding 2). */
function utf16be(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
  return s;
}

/** 0x80/0x81/0x82 command and 0x97 address answer: length, server flag, text, language. */
const command: Decoder = (r, out) => {
  r.group(F.command, () => {
    const len = r.u8(COMMAND.length);
    r.u32(COMMAND.server_flag);
    if (len !== undefined) {
      const text = r.ascii(COMMAND.text, Math.max(0, Math.min(len - 4, r.remaining)));
      if (text !== undefined) out.attributes.command = text;
    }
    if (r.remaining === 2) r.u16(COMMAND.language);
    rest(r, 'bytes after the command text');
  });
};

/** 0x97 address answer (0x7979): length, server flag, `code&&address&&phone##` text to the end. */
const address97: Decoder = (r, out) => {
  r.group(F.command, () => {
    const len = r.u8(COMMAND.length);
    r.u32(COMMAND.server_flag);
    const text = r.ascii({ ...COMMAND.text, label: 'Address text' }, r.remaining);
    if (text === undefined) return;
    out.attributes.result = text;
    // The manual counts the server flag in the length; the reference server counts the text only.
    if (len !== text.length && len !== text.length + 4) addIssue(r.last!, issue('gt06.length_field', 'protocol', 'info', `length byte ${len} counts neither the text (${text.length}) nor flag and text`));
  });
};

/** 0x8a: empty from the terminal; the server's answer carries the UTC date and time. */
const time8a: Decoder = (r, out) => {
  if (r.remaining === 0) return;
  r.group(F.time, () => {
    const t = readTime(r, TIME.time);
    if (t?.ok) out.attributes.time = t.iso;
    rest(r, 'bytes after the time');
  });
  out.messageType = 'time response';
};

/** 0x95 (JC100/JC400): date or GPS block, event code, event data, event file names. */
const alarm95: Decoder = (r, out) => {
  r.group(F.alarm, () => {
    const b = r.bytes;
    const jc400 = r.remaining >= 3 && b[r.pos] === 0xff && b[r.pos + 1] === 0xff;
    const extended = r.remaining > 7;
    if (jc400) {
      r.u16(ALARM.marker);
      note(r, 'marker 0xffff: JC400 layout (satellites, flags before a 2-byte speed, power)');
      r.u8(ALARM.version);
      readGps(r, ALARM, 'gt06.alarm', out, { flagsFirst: true, speed: 'u16' });
      const p = r.u16(ALARM.power, { display: (v) => `${(v / 10).toFixed(1)} V` });
      if (p !== undefined) out.attributes.power = p / 10;
    } else if (extended) readGps(r, ALARM, 'gt06.alarm', out, { satellites: false, speed: 'none' });
    else readTime(r, ALARM.time);
    const ev = r.u8(ALARM.event);
    if (ev === undefined) return;
    out.attributes.event = ev;
    addAlarm(out, ev === 0x01 ? (extended ? 'sos' : 'general') : EVENT_ALARMS[ev]);
    if (r.remaining >= 2) r.u16(ALARM.event_data);
    if (r.remaining) {
      const files = r.ascii(ALARM.files, r.remaining);
      if (files) out.attributes.eventFiles = files;
    }
  });
};

/** 0x94 (0x7878): external power voltage. */
const info94basic: Decoder = (r, out) => {
  r.group(F.info, () => {
    if (r.remaining >= 2) {
      const v = r.i16({ ...INFO.power, type: 'i16' }, { display: (x) => `${(x / 100).toFixed(2)} V` });
      if (v !== undefined) out.attributes.power = v / 100;
    }
    rest(r, 'information bytes not decoded');
  });
};

/** 0x94 (0x7979): information type, then voltage, status text, door, ICCID, network, fuel, RFID. */
const info94: Decoder = (r, out) => {
  r.group(F.info, () => {
    const sub = r.u8(INFO.sub_type);
    const b = r.bytes;
    switch (sub) {
      case 0x00: {
        const v = r.u16(INFO.power, { display: (x) => `${(x / 100).toFixed(2)} V` });
        if (v !== undefined) out.attributes.power = v / 100;
        break;
      }
      case 0x04: {
        const items = textItems(r, INFO.pair, r.remaining, 0x3b);
        for (const it of items) {
          const [k, v] = it.split('=');
          if (!k || v === undefined) continue;
          const hex = /^[0-9A-Fa-f]+$/.test(v) ? parseInt(v, 16) : undefined;
          if (/^ALM[1-4]$/.test(k) && hex !== undefined) out.attributes[`alarm${k[3]}Status`] = hex;
          else if (k === 'STA1' && hex !== undefined) out.attributes.otherStatus = hex;
          else if (k === 'DYD' && hex !== undefined) out.attributes.engineStatus = hex;
        }
        break;
      }
      case 0x05: {
        if (r.remaining >= 7) readTime(r, INFO.time);
        const f = r.u8(INFO.door_flags);
        if (f === undefined) break;
        addBits(r.last!, f, [
          { id: 'gt06.info.door', label: 'Door', bit: 0 },
          { id: 'gt06.info.trigger', label: 'Trigger level high', bit: 1 },
          { id: 'gt06.info.io', label: 'I/O port high', bit: 2 },
        ]);
        out.attributes.door = (f & 1) === 1;
        out.attributes.io1 = (f & 4) === 4;
        break;
      }
      case 0x0a: {
        r.bcd(INFO.imei, 8);
        r.bcd(INFO.imsi, 8);
        const c = r.raw(INFO.iccid, Math.min(10, r.remaining));
        if (c) {
          const iccid = toHex(c).replace(/f/g, '');
          r.last!.value = iccid;
          r.last!.display = iccid;
          out.attributes.iccid = iccid;
        }
        break;
      }
      case 0x0b: {
        const n = r.u8(INFO.network);
        if (n !== undefined) out.attributes.networkTechnology = n > 0 ? '4G' : '2G';
        break;
      }
      case 0x0d: {
        if (r.remaining > 6 && b[r.pos] !== 0x21) readTime(r, INFO.time);
        r.group(INFO.fuel, () => {
          const items = textItems(r, INFO.fuel_field, r.remaining, 0x2c);
          if (items[0] === '!AIOIL' && items.length >= 7) {
            const t = Number(items[3]);
            const fuel = Number(items[6]);
            if (!Number.isNaN(t)) out.attributes.temp1 = t;
            if (!Number.isNaN(fuel)) out.attributes.fuel = fuel;
          }
        });
        break;
      }
      case 0x1b: {
        const c = r.remaining ? b[r.pos]! : 0;
        if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) {
          const s = r.ascii(INFO.serial_text, r.remaining);
          if (s !== undefined) out.attributes.serial = s.trim();
        } else if (r.remaining >= 5) {
          r.u8(INFO.rfid_header);
          r.u8(INFO.rfid_type);
          const id = r.raw(INFO.rfid, r.remaining - 2);
          if (id) {
            r.last!.value = toHex(id);
            out.attributes.driverUniqueId = toHex(id);
          }
          r.u8(INFO.rfid_checksum);
          r.u8(INFO.rfid_footer);
        }
        break;
      }
      default:
        if (r.remaining) r.raw(INFO.data, r.remaining);
        if (r.last && sub !== undefined) addIssue(r.last, issue('core.undecoded', 'undecoded', 'info', `information type 0x${hex2(sub)} is shown raw`));
    }
    rest(r, 'information bytes not decoded');
  });
};

/** 0x8c: date, ignition, `PID=value` pairs, 12 trailing bytes. */
const obd8c: Decoder = (r, out) => {
  r.group(F.obd, () => {
    readTime(r, OBD.time);
    const ign = r.u8(OBD.ignition);
    if (ign !== undefined) out.attributes.ignition = ign > 0;
    const textLen = r.remaining - 12;
    if (textLen > 0) {
      r.group(OBD.data, () => {
        for (const it of textItems(r, OBD.pair, textLen, 0x2c)) {
          const [k, v] = it.split('=');
          if (!k || !v || !/^[0-9A-Fa-f]+$/.test(v)) {
            if (k && v && parseInt(k.slice(0, 2), 16) === 0x4a) out.attributes.vin = v;
            continue;
          }
          const key = parseInt(k.slice(0, 2), 16);
          const val = parseInt(v, 16) * 0.01;
          const name = ({ 0x28: 'odometer', 0x2b: 'fuel', 0x2d: 'coolantTemp', 0x35: 'obdSpeed', 0x36: 'rpm', 0x47: 'fuelUsed', 0x49: 'hours' } as Record<number, string>)[key];
          if (name) out.attributes[name] = Math.round(val * 100) / 100;
          else if (key === 0x4a) out.attributes.vin = v;
        }
      });
    }
    unknown(r, r.remaining, 'OBD trailing bytes (not documented)');
  });
};

/** 0x70: modules `type(2) length(2) value` with ICCID, cell, battery, events, GPS, BLE tags. */
const modular70: Decoder = (r, out) => {
  let fix: Fix | undefined;
  let altitude: number | undefined;
  r.group(F.modular, () => {
    while (r.remaining >= 4) {
      const b = r.bytes;
      const len = (b[r.pos + 2]! << 8) | b[r.pos + 3]!;
      if (len > r.remaining - 4) break;
      r.group(MODULAR.module, () => {
        const id = r.u16(MODULAR.id)!;
        r.u16(MODULAR.length);
        const m = r.sub(len);
        switch (id) {
          case 0x01:
            if (len === 8) readImei(m, MODULAR.imei, out);
            break;
          case 0x02:
            if (len === 8) m.bcd(MODULAR.imsi, 8);
            break;
          case 0x03:
            if (len === 10) {
              const s = m.raw(MODULAR.iccid, 10)!;
              m.last!.value = toHex(s);
              out.attributes.iccid = toHex(s);
            }
            break;
          case 0x09:
            if (len === 1) out.attributes.sat = m.u8(MODULAR.satellites)!;
            break;
          case 0x0a:
            if (len === 1) out.attributes.satVisible = m.u8(MODULAR.visible)!;
            break;
          case 0x11:
            if (len === 10) {
              m.u16(MODULAR.mcc, { display: String });
              m.u16(MODULAR.mnc, { display: String });
              m.u16(MODULAR.lac, { display: String });
              m.u24(MODULAR.cell, { display: String });
              m.u8(MODULAR.rssi);
            }
            break;
          case 0x18:
            if (len === 2) out.attributes.battery = m.u16(MODULAR.battery, { display: (v) => `${(v / 100).toFixed(2)} V` })! / 100;
            break;
          case 0x28:
            if (len === 1) out.attributes.hdop = m.u8(MODULAR.hdop, { display: (v) => (v / 10).toFixed(1) })! / 10;
            break;
          case 0x29:
            if (len === 4) out.attributes.index = m.u32(MODULAR.index)!;
            break;
          case 0x2a:
            if (len === 1) {
              const v = m.u8(MODULAR.inputs, { display: (x) => `0x${hex2(x)}` })!;
              out.attributes.door = (v & 0x0f) > 0;
              out.attributes.tamper = v >> 4 > 0;
            }
            break;
          case 0x2b:
            if (len === 1) {
              const v = m.u8(MODULAR.event)!;
              addAlarm(out, ({ 0x11: 'lowBattery', 0x12: 'lowPower', 0x13: 'powerCut', 0x14: 'removing' } as Record<number, string>)[v]);
              out.attributes.event = v;
            }
            break;
          case 0x2c:
            if (len === 4) readUnixTime(m, MODULAR.time);
            break;
          case 0x2e:
            if (len === 4) out.attributes.odometer = m.u32(MODULAR.odometer)!;
            break;
          case 0x33:
            if (len >= 18) {
              const t = readUnixTime(m, MODULAR.time)!;
              const sats = m.u8(MODULAR.satellites)!;
              altitude = m.i16(MODULAR.altitude)!;
              const lat = m.u32(MODULAR.latitude, { display: (v) => `${(v / 1800000).toFixed(6)}°` })!;
              const lon = m.u32(MODULAR.longitude, { display: (v) => `${(v / 1800000).toFixed(6)}°` })!;
              const speed = m.u8(MODULAR.speed)!;
              const cs = m.u16(MODULAR.course_status)!;
              const bits = addBits(m.last!, cs, COURSE_BITS('gt06.modular'));
              fix = {
                time: t, timeOk: true, satellites: sats, speedKmh: speed, course: bits['gt06.modular.course']!, valid: bits['gt06.modular.positioned'] === 1,
                lat: Math.round((bits['gt06.modular.north'] ? 1 : -1) * (lat / 1800000) * 1e6) / 1e6,
                lon: Math.round((bits['gt06.modular.west'] ? -1 : 1) * (lon / 1800000) * 1e6) / 1e6,
              };
            }
            break;
          case 0x34:
            if (len >= 6) {
              out.attributes.event = m.u8(MODULAR.record_event)!;
              readUnixTime(m, MODULAR.record_time);
              const cl = m.u8(MODULAR.content_length)!;
              if (cl) m.raw(MODULAR.content, Math.min(cl, m.remaining));
            }
            break;
          case 0x7f:
            if (len === 14) {
              const id6 = m.raw(MODULAR.tag_id, 6)!;
              m.last!.value = toHex(id6);
              m.sub(3).rest(MODULAR.unknown, 'BLE tag bytes (layout not documented)');
              out.attributes.tag1Temp = m.i16(MODULAR.tag_temp, { display: (v) => `${(v / 10).toFixed(1)} °C` })! / 10;
              out.attributes.tag1Id = toHex(id6);
            }
            break;
        }
        if (m.remaining) {
          if (m.pos === m.end - len) m.raw(MODULAR.value, m.remaining);
          else m.rest(MODULAR.unknown, `module 0x${id.toString(16).padStart(4, '0')} bytes not decoded`);
        }
      });
    }
    rest(r, 'module bytes not decoded');
  });
  if (fix) emit(out, fix, altitude);
};

/** 0x9b: external device type, then text (printable) or bytes, reported as the result. */
const serial9b: Decoder = (r, out) => {
  r.group(F.serial_data, () => {
    r.u8(SERIAL_DATA.device);
    const data = peek(r);
    if (printableAscii(data)) {
      const s = r.ascii(SERIAL_DATA.text, r.remaining);
      if (s !== undefined) out.attributes.result = s.trim();
    } else if (r.remaining) {
      r.raw(SERIAL_DATA.data, r.remaining);
      r.last!.value = toHex(data);
      out.attributes.result = toHex(data);
    }
  });
};

/** 0xf1/0xf2: Unix time, then `tag(2) length(1) value` items (0xf1 tag 5: power voltage). */
const tlvF1: Decoder = (r, out, type) => {
  r.group(F.tlv, () => {
    readUnixTime(r, TLV.time);
    while (r.remaining >= 3) {
      const len = r.bytes[r.pos + 2]!;
      if (len > r.remaining - 3) break;
      r.group(TLV.item, () => {
        const tag = r.u16(TLV.tag, { display: (v) => `0x${v.toString(16).padStart(4, '0')}` });
        r.u8(TLV.length);
        if (type === 0xf1 && tag === 0x0005 && len === 2) {
          const v = r.u16(TLV.power, { display: (x) => `${(x / 100).toFixed(2)} V` });
          if (v !== undefined) out.attributes.power = v / 100;
        } else if (len) r.raw(TLV.value, len);
      });
    }
    rest(r, 'tagged-value bytes not decoded');
  });
};

/** 0xfd: IMEI, undocumented bytes, firmware version text. */
const versionFd: Decoder = (r, out) => {
  r.group(F.version, () => {
    if (imeiAt(r.bytes, r.pos)) readImei(r, VERSION.imei, out);
    const data = peek(r);
    const at = data.indexOf(0x5b);
    if (at > 0 && printableAscii(data.subarray(at))) {
      unknown(r, at, 'bytes before the version text (not documented)');
      const s = r.ascii(VERSION.text, r.remaining);
      if (s !== undefined) out.attributes.versionFw = s;
    }
    rest(r, 'version bytes not decoded');
  });
};

/** 0x7979 0x36: photo data block (picture id, offset, length, data). */
const photoData: Decoder = (r) => {
  r.group(F.photo, () => {
    r.u32(PHOTO.id, { display: (v) => `0x${v.toString(16).padStart(8, '0')}` });
    r.u32(PHOTO.offset);
    const len = r.u16(PHOTO.length);
    if (len) r.raw(PHOTO.data, Math.min(len, r.remaining));
    rest(r, 'photo data bytes not decoded');
  });
};

const BASIC: Readonly<Record<number, Decoder>> = {
  0x01: login,
  0x10: gps10,
  0x11: gps11,
  0x12: location12,
  0x13: heartbeat13,
  0x15: string15,
  0x16: alarm16,
  0x17: rfid17,
  0x18: (r, out) => multiLbs(r, out, {}),
  0x19: lbsStatus,
  0x1a: gpsPhone,
  0x1e: gpsLbsExtend,
  0x22: location22,
  0x23: heartbeat23,
  0x24: lbs24,
  0x25: rfid25,
  0x26: alarm16,
  0x27: alarm16,
  0x28: (r, out) => multiLbs(r, out, {}),
  0x2a: gpsPhone,
  0x2c: (r, out) => multiLbs(r, out, { wifi: true }),
  0x2d: location22,
  0x2e: (r, out) => multiLbs(r, out, {}),
  0x31: location31,
  0x32: location32,
  0x33: (r, out) => multiLbs(r, out, { cells: 6, cid: 4, wifi: true }),
  0x34: x1Location,
  0x35: photoInfo,
  0x36: (r, out, t, i) => (isLocation36(r) ? location36(r, out, t, i) : status36(r, out)),
  0x37: location37,
  0x38: location38,
  0x61: driver61,
  0x69: (r, out) => rest(r, 'Wi-Fi packet with a CRC (layout not documented)'),
  0x80: command,
  0x81: command,
  0x82: command,
  0x8a: time8a,
  0x94: info94basic,
  0x95: alarm95,
  0x97: address97,
  0xa0: location4g,
  0xa1: (r, out) => multiLbs(r, out, { lac: 4, cid: 8 }),
  0xa2: wifi4g,
  0xa3: fence4g,
  0xa4: fence4g,
  0xa5: lbsStatus,
  0xa7: lbsStatus,
  0xf1: tlvF1,
  0xf2: tlvF1,
  0xf3: wifiF3,
  0xfd: versionFd,
};

/** Layouts of the 0x7979 form that differ from the 0x7878 one. */
const EXTENDED: Readonly<Record<number, Decoder>> = {
  0x21: string21,
  0x32: az735,
  0x33: az735,
  0x36: photoData,
  0x70: modular70,
  0x8c: obd8c,
  0x94: info94,
  0x9b: serial9b,
};

/** 0x36 from the server: which block of a picture to send (picture id, offset, length). */
const photoRequest: Decoder = (r, out) => {
  out.messageType = 'photo request';
  r.group(F.photo, () => {
    r.u32(PHOTO.id, { display: (v) => `0x${v.toString(16).padStart(8, '0')}` });
    r.u32(PHOTO.offset);
    r.u16(PHOTO.length);
    rest(r, 'photo request bytes not decoded');
  });
};

/** Decode the content of one message type; unknown types become a named raw node. */
export function decodeContent(type: number, ext: boolean, r: FieldReader, out: Out, info: ContentInfo): void {
  if (info.wifiNoCrc) return wifiNoCrc(r, out, type, info);
  if (!ext && type === 0x36 && info.direction === 'down') return photoRequest(r, out, type, info);
  if (ext && type === 0x33) out.messageType = 'alarm';
  if (ext && type === 0x36) out.messageType = 'photo data';
  const d = (ext ? EXTENDED[type] : undefined) ?? BASIC[type];
  if (d) return d(r, out, type, info);
  if (r.remaining > 0) {
    r.raw(F.body, r.remaining);
    addIssue(r.last!, issue('gt06.body_not_decoded', 'undecoded', 'info', `content of ${out.messageType} is shown raw`));
  }
}
