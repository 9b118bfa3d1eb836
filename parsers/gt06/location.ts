/**
 * GT06 location layouts: the GPS block with cells, status and the model-specific tails
 * (Concox GT06N v1.8, JM-VL03 v1.1.2; model variants as Traccar's Gt06ProtocolDecoder knows them).
 * Layouts that depend on the model are chosen from the bytes and the choice is noted in the tree.
 */
import type { FieldDef } from '../core/fields';
import { FieldReader, addBits } from '../core/reader';
import { toHex } from '../core/bytes';
import { F, HEARTBEAT, LBS, LOC, PHOTO, X1, COURSE_BITS } from './fields';
import {
  type Decoder, type Out, addAlarm, cellSize, emit, imeiAt, looksLikeTime, note, readAlarmCode, readCell, readGps, readGsm, readImei,
  readStatusBlock, readTerminalInfo, readTime, readVoltageLevel, rest, unknown,
} from './blocks';
import { multiLbs, wifiList } from './lbs';

const P = 'gt06.location';

/** Two-byte Benway I/O mask after the cell (ignition, input 2, temperature or ADC). */
function benwayMask(r: FieldReader, out: Out): void {
  const m = r.u16(LOC.io_mask);
  if (m === undefined) return;
  note(r, '2 bytes after the cell: Benway I/O mask');
  out.attributes.ignition = (m & 0x8000) !== 0;
  out.attributes.in2 = (m & 0x4000) !== 0;
  if (m & 0x1000) out.attributes.temp1 = (m & 0x200 ? -1 : 1) * (m & 0x1ff);
  else out.attributes.adc1 = m & 0x2000 ? m & 0x3ff : (m & 0x3ff) / 10;
}

/** ACC, data upload mode and re-upload flag (0x22 and relatives). */
function accModeReupload(r: FieldReader, out: Out): void {
  const acc = r.u8(LOC.acc);
  if (acc !== undefined) out.attributes.ignition = acc > 0;
  const mode = r.u8(LOC.upload_mode);
  if (mode !== undefined) out.attributes.event = mode;
  const re = r.u8(LOC.reupload);
  if (re !== undefined) out.attributes.archive = re > 0;
}

/** Mileage in metres (u32). */
function odometer(r: FieldReader, out: Out): void {
  const v = r.u32(LOC.odometer);
  if (v !== undefined) out.attributes.odometer = v;
}

/** 0x10 GPS only. */
export const gps10: Decoder = (r, out) => {
  r.group(F.location, () => {
    readGps(r, LOC, P, out);
    rest(r, 'bytes after the GPS block');
  });
};

/** 0x11: GPS, then a cell with 2-byte MNC and 4-byte cell id when present. */
export const gps11: Decoder = (r, out) => {
  r.group(F.location, () => {
    if (!readGps(r, LOC, P, out)) return;
    if (r.remaining < 10) return rest(r, 'bytes after the GPS block');
    readCell(r, LOC, { mnc: 2, cid: 4 });
    rest(r, 'bytes after the cell');
  });
};

/** 0x12 location: GPS + cell, optionally an IMEI before the date, and the model-specific tails. */
export const location12: Decoder = (r, out) => {
  r.group(F.location, () => {
    const b = r.bytes;
    if (r.remaining >= 34 && !looksLikeTime(b, r.pos) && imeiAt(b, r.pos) && looksLikeTime(b, r.pos + 8)) {
      readImei(r, LOC.imei, out);
      note(r, 'model-specific layout: an IMEI precedes the date (the standard reading gives no valid date)');
    }
    if (!readGps(r, LOC, P, out)) return;
    if (r.remaining < cellSize(b, r.pos)) return rest(r, 'bytes after the GPS block');
    readCell(r, LOC);
    const extra = r.remaining;
    const card = extra >= 5 ? b[r.pos + 4]! : -1;
    if (extra === 2) benwayMask(r, out);
    else if (extra === 4) odometer(r, out);
    else if (extra === 5) {
      readTerminalInfo(r, LOC.terminal_info, P, out, true);
      note(r, '5 bytes after the cell: VXT01 status, external voltage, GSM, alarm extension');
      power(r, out);
      gsm(r, LOC.gsm, out);
      r.u8({ ...LOC.alarm, label: 'Alarm extension', enum: undefined });
    } else if (extra === 12) {
      readTerminalInfo(r, LOC.terminal_info, P, out);
      note(r, '12 bytes after the cell: S5 status, voltage, oil, temperature, mileage');
      power(r, out);
      gsm(r, LOC.gsm, out);
      readAlarmCode(r, LOC.alarm, out);
      const oil = r.u16(LOC.oil);
      if (oil !== undefined) out.attributes.oil = oil;
      const t = r.u8(LOC.temperature, { display: (v) => `${v & 0x80 ? -(v & 0x7f) : v} °C` });
      if (t !== undefined) out.attributes.temp1 = t & 0x80 ? -(t & 0x7f) : t;
      const o = r.u32({ ...LOC.odometer, doc: '× 10 m' });
      if (o !== undefined) out.attributes.odometer = o * 10;
    } else if (card >= 0 && extra === 4 + 1 + card + 1 + 1 + 2) {
      odometer(r, out);
      note(r, 'card data after the cell: WeTrust layout');
      r.u8(LOC.card_length);
      const c = r.ascii(LOC.card, card);
      if (c !== undefined) out.attributes.card = c;
      const a = r.u8({ ...LOC.alarm, enum: undefined });
      if (a) addAlarm(out, 'general');
      const cs = r.u8(LOC.card_status);
      if (cs !== undefined) out.attributes.cardStatus = cs;
      const dt = r.u16(LOC.driving_time);
      if (dt !== undefined) out.attributes.drivingTime = dt;
    } else if (card >= 0 && extra === 4 + 1 + card + 1 + 1) {
      odometer(r, out);
      note(r, 'driver licence after the cell: GT06E card layout');
      r.u8(LOC.card_length);
      const c = r.ascii(LOC.card, card);
      if (c !== undefined) out.attributes.card = c.trim();
      r.u8({ ...LOC.alarm, enum: undefined });
      r.u8({ ...LOC.card_status, label: 'Card swiped' });
    }
    rest(r, 'location bytes after the cell');
  });
};

/** External power voltage, 0.01 V. */
function power(r: FieldReader, out: Out): void {
  const v = r.u16(LOC.power, { display: (x) => `${(x / 100).toFixed(2)} V` });
  if (v !== undefined) out.attributes.power = v / 100;
}

/** GSM signal strength as `rssi`. */
function gsm(r: FieldReader, def: FieldDef, out: Out): void {
  readGsm(r, def, out);
}

/**
 * LBS block with its length byte, sized by what follows: `statusLen` status bytes and maybe an
 * 8-byte driver id decide between a 3- and a 4-byte cell id. A length of 0 with 45 bytes to
 * spare is the empty (zero-filled) LBS area.
 */
function lbsWithLength(r: FieldReader, statusLen: number): { driver: boolean } {
  const L = r.u8(LOC.lbs_length);
  if (L === undefined) return { driver: false };
  if (L === 0) {
    if (r.remaining >= 45 + statusLen) r.raw(LOC.padding, 45);
    return { driver: false };
  }
  const b = r.bytes;
  const base = cellSize(b, r.pos);
  const left = r.remaining - statusLen;
  const cid = left === base + 1 || left === base + 9 ? 4 : 3;
  if (cid === 4) {
    readCell(r, LOC, { cid: 4 });
    note(r, 'one byte more than the standard layout: 4-byte cell id (SEEWORLD)');
  } else readCell(r, LOC);
  return { driver: left === base + 8 || left === base + 9 };
}

/** Trailing 8-byte driver id (RFID) in hex. */
function driverHex(r: FieldReader, out: Out, len = 8): void {
  const d = r.raw(LOC.driver_id, len);
  if (!d) return;
  const hex = toHex(d);
  r.last!.value = hex;
  if (/[^0]/.test(hex)) out.attributes.driverUniqueId = hex;
}

/** 0x16/0x26/0x27: GPS, LBS with length, status block (0x27: and the fence number). */
export const alarm16: Decoder = (r, out, type) => {
  r.group(F.location, () => {
    if (!readGps(r, LOC, P, out)) return;
    if (type === 0x16 && r.remaining === 13 && cellSize(r.bytes, r.pos) === 8) {
      readCell(r, LOC);
      note(r, 'no LBS length byte: VXT01 layout');
      readTerminalInfo(r, LOC.terminal_info, P, out, true);
      readVoltageLevel(r, LOC.voltage, out);
      gsm(r, LOC.gsm, out);
      r.u8({ ...LOC.alarm, label: 'Alarm extension', enum: undefined });
      if (r.remaining >= 1) r.u8(LOC.language);
      return rest(r, 'alarm bytes not decoded');
    }
    const statusLen = type === 0x27 ? 6 : 5;
    const { driver } = lbsWithLength(r, statusLen);
    readStatusBlock(r, LOC, P, out);
    if (type === 0x27 && r.remaining >= 1) {
      const f = r.u8(LOC.fence);
      if (f !== undefined) out.attributes.geofence = f;
    }
    if (driver && r.remaining === 8) driverHex(r, out);
    rest(r, 'alarm bytes not decoded');
  });
};

/** 0x17 with a CRC: GPS, cell, 8-byte RFID and its validity flag. */
export const rfid17: Decoder = (r, out) => {
  out.messageType = 'location rfid';
  r.group(F.location, () => {
    if (!readGps(r, LOC, P, out)) return;
    if (r.remaining >= cellSize(r.bytes, r.pos) + 9) {
      readCell(r, LOC);
      driverHex(r, out);
      r.u8(LOC.validity);
    }
    rest(r, 'location bytes not decoded');
  });
};

/** 0x1a: GPS, phone number (21 ASCII, NUL-padded), language. */
export const gpsPhone: Decoder = (r, out, type) => {
  r.group(F.location, () => {
    if (!readGps(r, LOC, P, out, { emit: type !== 0x2a })) return;
    if (r.remaining >= 21) {
      const p = r.ascii(LOC.phone, 21);
      if (p !== undefined) r.last!.value = p.replace(/\0+$/, '');
    }
    if (type === 0x2a && r.remaining >= 2) {
      readAlarmCode(r, LOC.alarm, out);
      r.u8(LOC.language);
    } else if (r.remaining === 2) r.u16(LOC.language16);
    rest(r, 'bytes after the phone number');
  });
};

/** 0x1e: GPS, then MCC/MNC, seven cells, timing advance and language. */
export const gpsLbsExtend: Decoder = (r, out) => {
  r.group(F.location, () => {
    readGps(r, LOC, P, out);
  });
  if (r.remaining) multiLbs(r, out, { time: false });
};

/** 0x22/0x2d location: standard, SEEWORLD (temperature, humidity) or NT20 (IMEI, voltages). */
export const location22: Decoder = (r, out) => {
  r.group(F.location, () => {
    const b = r.bytes;
    const at = r.pos;
    if (r.remaining === 55 && imeiAt(b, at + 1) && looksLikeTime(b, at + 9) && looksLikeTime(b, at + 15)) return nt20(r, out);
    if (!readGps(r, LOC, P, out)) return;
    if (r.remaining < cellSize(b, r.pos)) return rest(r, 'bytes after the GPS block');
    readCell(r, LOC);
    if (r.remaining >= 15 && r.remaining <= 16) {
      accModeReupload(r, out);
      note(r, 'odometer, travel time, temperature and humidity follow: SEEWORLD layout');
      odometer(r, out);
      r.u32(LOC.travel_time);
      const t = r.u16(LOC.temperature16, { display: (v) => `${((v & 0x8000 ? -1 : 1) * (v & 0x7fff) / 100).toFixed(2)} °C` });
      if (t !== undefined) out.attributes.temp1 = ((t & 0x8000 ? -1 : 1) * (t & 0x7fff)) / 100;
      const h = r.u16(LOC.humidity, { display: (v) => `${(v / 100).toFixed(2)} %` });
      if (h !== undefined) out.attributes.humidity = h / 100;
    } else if (r.remaining >= 3) {
      accModeReupload(r, out);
      if (r.remaining === 4) odometer(r, out);
    }
    rest(r, 'location bytes after the cell');
  });
};

/** NT20 0x22: source, IMEI, device time, GPS, LBS, status with voltages, mileage and hours. */
function nt20(r: FieldReader, out: Out): void {
  r.u8(LOC.source);
  note(r, 'location source, IMEI and device time before the GPS block: NT20 layout');
  readImei(r, LOC.imei, out);
  readTime(r, LOC.device_time);
  if (!readGps(r, LOC, P, out)) return;
  r.u8(LOC.lbs_length);
  readCell(r, LOC);
  readTerminalInfo(r, LOC.terminal_info, P, out);
  power(r, out);
  const bat = r.u8(LOC.battery, { display: (v) => `${(v / 10).toFixed(1)} V` });
  if (bat !== undefined) out.attributes.battery = bat / 10;
  gsm(r, LOC.gsm, out);
  readAlarmCode(r, LOC.alarm, out);
  r.u8(LOC.language);
  const o = r.u24({ ...LOC.odometer, type: 'u24' });
  if (o !== undefined) out.attributes.odometer = o;
  r.u24({ ...LOC.hours, type: 'u24', doc: 'minutes' });
  rest(r, 'location bytes after the hours');
}

/** 0x24: SR411 mini (GPS, voltages), Wanway S20 (counted cells) or seven cells. */
export const lbs24: Decoder = (r, out) => {
  const n = r.remaining;
  const b = r.bytes;
  if (n === 41 && looksLikeTime(b, r.pos)) {
    out.messageType = 'location';
    return void r.group(F.location, () => {
      if (!readGps(r, LOC, P, out)) return;
      note(r, 'GPS block in a 0x24 packet: SR411 mini layout');
      readCell(r, LOC);
      const ign = r.u8({ ...LOC.acc, label: 'Ignition' });
      if (ign !== undefined) out.attributes.ignition = ign > 0;
      power(r, out);
      const bat = r.u16({ ...LOC.power, id: 'gt06.location.battery', label: 'Battery voltage' }, { display: (x) => `${(x / 100).toFixed(2)} V` });
      if (bat !== undefined) out.attributes.battery = bat / 100;
      rest(r, 'location bytes after the battery voltage');
    });
  }
  multiLbs(r, out, n === 44 ? { counted: true, taFirst: true } : {});
};

/** 0x25: source, IMEI, device time, GPS, LBS with length, status (not decoded), RFID card. */
export const rfid25: Decoder = (r, out) => {
  r.group(F.location, () => {
    const b = r.bytes;
    if (!(imeiAt(b, r.pos + 1) && looksLikeTime(b, r.pos + 9))) {
      readGps(r, LOC, P, out);
      return rest(r, 'location bytes not decoded');
    }
    r.u8(LOC.source);
    readImei(r, LOC.imei, out);
    readTime(r, LOC.device_time);
    if (!readGps(r, LOC, P, out)) return;
    const L = r.u8(LOC.lbs_length);
    if (L !== undefined && L >= 9) readCell(r, LOC, { cid: L === 10 ? 4 : 3 });
    const end = r.end;
    let p = r.pos;
    while (p < end && !(b[p]! >= 2 && p + 1 + b[p]! === end)) p++;
    unknown(r, p - r.pos, 'status bytes before the RFID block (layout not documented)');
    if (p < end) {
      const len = r.u8(LOC.rfid_length)!;
      r.u8(LOC.rfid_type);
      driverHex(r, out, len - 1);
    }
  });
};

/** 0x31: AZ735 (GPS, cell, ACC/event/archive) or SL4X (2-byte MNC, 4-byte cell, mileage, altitude). */
export const location31: Decoder = (r, out) => {
  r.group(F.location, () => {
    const sl4x = r.remaining === 37;
    const fix = readGps(r, LOC, P, out, { emit: !sl4x });
    if (!fix) return;
    if (!sl4x) {
      if (r.remaining >= cellSize(r.bytes, r.pos)) readCell(r, LOC);
      if (r.remaining >= 3) accModeReupload(r, out);
      return rest(r, 'location bytes not decoded');
    }
    readCell(r, LOC, { mnc: 2, cid: 4 });
    note(r, '37-byte content: SL4X layout (2-byte MNC, 4-byte cell id, mileage, altitude)');
    accModeReupload(r, out);
    odometer(r, out);
    const alt = r.i16(LOC.altitude);
    emit(out, fix, alt);
    rest(r, 'location bytes after the altitude');
  });
};

/** 0x32 (0x7878): GPS, LBS with length, status; SL4X adds a 4-byte cell id and the altitude. */
export const location32: Decoder = (r, out) => {
  r.group(F.location, () => {
    const fix = readGps(r, LOC, P, out, { emit: false });
    if (!fix) return;
    const L = r.u8(LOC.lbs_length);
    let alt: number | undefined;
    if (L === 10 && r.remaining >= 15) {
      readCell(r, LOC, { mnc: 2, cid: 4 });
      note(r, 'LBS length 10: SL4X cell (2-byte MNC, 4-byte cell id)');
      readStatusBlock(r, LOC, P, out);
      if (r.remaining >= 2) alt = r.i16(LOC.altitude);
    } else if (L) {
      readCell(r, LOC);
      readStatusBlock(r, LOC, P, out);
    }
    emit(out, fix, alt);
    rest(r, 'location bytes not decoded');
  });
};

/** 0x34: X1 (alarm word, GPS, mileage, cell, driver, voltages, ports, ADC) or SL4X LBS. */
export const x1Location: Decoder = (r, out) => {
  if (r.remaining === 50 && looksLikeTime(r.bytes, r.pos)) {
    out.messageType = 'lbs multiple';
    return multiLbs(r, out, { taFirst: true, mnc: 2, cid: 4 });
  }
  r.group(F.x1, () => {
    r.u32(X1.data_alarm);
    if (!r.group(F.location, () => readGps(r, LOC, P, out)).result) return;
    r.u16(X1.terminal_info);
    const odo = r.u32(X1.odometer);
    if (odo !== undefined) out.attributes.odometer = odo;
    r.u16(X1.mcc, { display: String });
    r.u8(X1.mnc, { display: String });
    r.u16(X1.lac, { display: String });
    r.u32(X1.cell, { display: String });
    const driver = r.u32(X1.driver, { display: String });
    if (driver) out.attributes.driverUniqueId = String(driver);
    const bat = r.u16(X1.battery, { display: (v) => `${(v / 100).toFixed(2)} V` });
    if (bat !== undefined) out.attributes.battery = bat / 100;
    const pw = r.u16(X1.power, { display: (v) => `${(v / 100).toFixed(2)} V` });
    if (pw !== undefined) out.attributes.power = pw / 100;
    const port = r.u32(X1.port_info, { display: (v) => `0x${v.toString(16).padStart(8, '0')} (${(v >>> 20) & 0x0f} ADC values)` });
    const inp = r.u8(X1.input);
    if (inp !== undefined) out.attributes.input = inp;
    const outp = r.u8(X1.output);
    if (outp !== undefined) out.attributes.output = outp;
    const adcs = port === undefined ? 0 : (port >>> 20) & 0x0f;
    for (let i = 1; i <= adcs && r.remaining >= 2; i++) {
      const v = r.u16({ ...X1.adc, id: `gt06.x1.adc${i}`, label: `ADC ${i}` }, { display: (x) => `${(x / 100).toFixed(2)} V` });
      if (v !== undefined) out.attributes[`adc${i}`] = v / 100;
    }
    rest(r, 'X1 bytes after the ADC values');
  });
};

/** 0x35: photo information (time, fix, position, camera, format, size, id). */
export const photoInfo: Decoder = (r) => {
  r.group(F.photo, () => {
    readTime(r, PHOTO.time);
    r.u8(PHOTO.fix);
    r.u32(PHOTO.latitude, { display: (v) => `${(v / 1800000).toFixed(6)}°` });
    r.u32(PHOTO.longitude, { display: (v) => `${(v / 1800000).toFixed(6)}°` });
    r.u8(PHOTO.camera);
    r.u8(PHOTO.source);
    r.u8(PHOTO.format);
    r.u32(PHOTO.size);
    r.u32(PHOTO.id, { display: (v) => `0x${v.toString(16).padStart(8, '0')}` });
    rest(r, 'photo information bytes not decoded');
  });
};

/** Whether a 0x36 (0x7878) content is the 48-byte location layout rather than the 4G heartbeat. */
export function isLocation36(r: FieldReader): boolean {
  return r.remaining === 48 && looksLikeTime(r.bytes, r.pos);
}

/** 0x36 location (48 bytes): GPS, cell, battery voltage and driver id. */
export const location36: Decoder = (r, out) => {
  out.messageType = 'location';
  r.group(F.location, () => {
    if (!readGps(r, LOC, P, out)) return;
    readCell(r, LOC, { cid: 4 });
    note(r, '48-byte 0x36 content: location layout with battery voltage and driver id');
    unknown(r, 9, 'status bytes (layout not documented)');
    const bat = r.u8(LOC.battery, { display: (v) => `${(v / 10).toFixed(1)} V` });
    if (bat !== undefined) out.attributes.battery = bat / 10;
    unknown(r, 3, 'status bytes (layout not documented)');
    driverHex(r, out);
    rest(r, 'location bytes not decoded');
  });
};

/** Extension modules `id(2) length(1) value` (0x37, 0x38): power, mileage, accuracy. */
function extensionModules(r: FieldReader, out: Out): void {
  if (r.remaining < 3) return;
  r.group(LOC.modules, () => {
    while (r.remaining >= 3) {
      const len = r.bytes[r.pos + 2]!;
      if (len > r.remaining - 3) break;
      r.group(LOC.module, () => {
        const id = r.u16(LOC.module_id, { display: (v) => `0x${v.toString(16).padStart(4, '0')}${{ 0x27: ' power', 0x2e: ' mileage', 0x3b: ' accuracy' }[v] ?? ''}` });
        r.u8(LOC.module_length);
        if (id === 0x27 && len === 2) power(r, out);
        else if (id === 0x2e && len === 4) odometer(r, out);
        else if (id === 0x3b && len === 2) r.u16({ ...LOC.module_value, type: 'u16', label: 'Accuracy' }, { display: (v) => `${(v / 100).toFixed(2)} m` });
        else if (len) r.raw(LOC.module_value, len);
      });
    }
  });
}

/** 0x37: GPS, cell, ACC/event/archive, extension modules. */
export const location37: Decoder = (r, out) => {
  r.group(F.location, () => {
    if (!readGps(r, LOC, P, out)) return;
    if (r.remaining >= cellSize(r.bytes, r.pos)) readCell(r, LOC);
    if (r.remaining >= 3) accModeReupload(r, out);
    extensionModules(r, out);
    rest(r, 'location bytes after the modules');
  });
};

/** 0x38: GPS, upload mode, re-upload, typed cell (4G sizes for type ≥ 3), modules. */
export const location38: Decoder = (r, out) => {
  r.group(F.location, () => {
    if (!readGps(r, LOC, P, out)) return;
    const mode = r.u8(LOC.upload_mode);
    if (mode !== undefined) out.attributes.event = mode;
    const re = r.u8(LOC.reupload);
    if (re !== undefined) out.attributes.archive = re > 0;
    const ct = r.u8(LOC.cell_type);
    if (ct === undefined) return;
    const big = ct >= 3;
    readCell(r, LOC, { lac: big ? 4 : 2, cid: big ? 8 : 3 });
    if (big) r.u16({ ...LOC.cell_rssi, type: 'u16' });
    else r.u8(LOC.cell_rssi);
    extensionModules(r, out);
    rest(r, 'location bytes after the modules');
  });
};

/** 0x61: IMEI, GPS, MCC/MNC, undocumented bytes, driver id (decimal). */
export const driver61: Decoder = (r, out) => {
  r.group(F.location, () => {
    if (imeiAt(r.bytes, r.pos)) readImei(r, LOC.imei, out);
    if (!readGps(r, LOC, P, out)) return;
    if (r.remaining < 8) return rest(r, 'location bytes not decoded');
    r.u16(LOC.mcc, { display: (v) => String(v & 0x7fff) });
    r.u8(LOC.mnc, { display: String });
    unknown(r, r.remaining - 4, 'cell bytes (layout not documented)');
    const d = r.u32(LOC.driver_id, { display: String });
    if (d) out.attributes.driverUniqueId = String(d);
  });
};

/** 0xa0: GPS, 4G cell (4-byte LAC, 8-byte cell id), ACC/mode/re-upload, mileage. */
export const location4g: Decoder = (r, out) => {
  r.group(F.location, () => {
    if (!readGps(r, LOC, P, out)) return;
    if (r.remaining >= cellSize(r.bytes, r.pos, { lac: 4, cid: 8 })) readCell(r, LOC, { lac: 4, cid: 8 });
    if (r.remaining >= 3) accModeReupload(r, out);
    if (r.remaining === 4) odometer(r, out);
    rest(r, 'location bytes after the cell');
  });
};

/** 0xa2: 4G Wi-Fi/LBS, or (59 bytes with a date) the LW 4G location with status and counters. */
export const wifi4g: Decoder = (r, out) => {
  const b = r.bytes;
  if (r.remaining === 59 && looksLikeTime(b, r.pos)) {
    out.messageType = 'location';
    return void r.group(F.location, () => {
      if (!readGps(r, LOC, P, out)) return;
      readCell(r, LOC, { lac: 4, cid: 8 });
      r.u8(LOC.network);
      note(r, '59-byte 0xa2 content: LW 4G location layout');
      readTerminalInfo(r, LOC.terminal_info, P, out);
      power(r, out);
      readVoltageLevel(r, LOC.voltage, out);
      gsm(r, LOC.gsm, out);
      readAlarmCode(r, LOC.alarm, out);
      r.u8(LOC.language);
      odometer(r, out);
      r.u32(LOC.hours);
      r.raw(LOC.terminal_id, 8);
      const inp = r.u16(LOC.input);
      if (inp !== undefined) out.attributes.input = inp;
      rest(r, 'location bytes after the inputs');
    });
  }
  multiLbs(r, out, { lac: 4, cid: 8, wifi: true });
};

/** 0xa3: GL21L status with the step count (19 bytes), else the single-fence alarm. */
export const fence4g: Decoder = (r, out, type) => {
  if (type === 0xa3 && r.remaining === 19) {
    out.messageType = 'status';
    return void r.group(F.heartbeat, () => {
      unknown(r, 9, 'status bytes (layout not documented)');
      const s = r.u32(HEARTBEAT.steps);
      if (s !== undefined) out.attributes.steps = s;
      note(r, '19-byte 0xa3 content: GL21L status with step count');
      rest(r, 'status bytes after the step count');
    });
  }
  r.group(F.location, () => {
    if (!readGps(r, LOC, P, out)) return;
    const L = r.u8(LOC.lbs_length);
    if (L === undefined) return;
    if (L && r.remaining >= cellSize(r.bytes, r.pos, { lac: 4, cid: 8 })) readCell(r, LOC, { lac: 4, cid: 8 });
    readStatusBlock(r, LOC, P, out);
    if (type === 0xa4 && r.remaining >= 1) {
      const f = r.u8(LOC.fence);
      if (f !== undefined) out.attributes.geofence = f;
    }
    rest(r, 'alarm bytes not decoded');
  });
};

/** 0x7979 0x32/0x33 (AZ735): date, GPS with length, LBS with length, cells, Wi-Fi, status, reserved. */
export const az735: Decoder = (r, out, type) => {
  r.group(F.location, () => {
    const t = readTime(r, LOC.time);
    if (!t) return;
    const gl = r.u8(LOC.gps_length);
    if (gl === undefined) return;
    if (gl > 0) {
      const sats = r.u8(LOC.gps_info, { display: (v) => `${v & 0x0f} satellites` });
      const lat = r.u32(LOC.latitude, { display: (v) => `${(v / 1800000).toFixed(6)}°` });
      const lon = r.u32(LOC.longitude, { display: (v) => `${(v / 1800000).toFixed(6)}°` });
      const speed = r.u8(LOC.speed);
      const cs = r.u16(LOC.course_status);
      if (sats === undefined || lat === undefined || lon === undefined || speed === undefined || cs === undefined) return;
      const bits = addBits(r.last!, cs, COURSE_BITS(P));
      emit(out, {
        time: t.iso, timeOk: t.ok, satellites: sats & 0x0f, speedKmh: speed, course: bits[`${P}.course`]!, valid: bits[`${P}.positioned`] === 1,
        lat: Math.round((bits[`${P}.north`] ? 1 : -1) * (lat / 1800000) * 1e6) / 1e6,
        lon: Math.round((bits[`${P}.west`] ? -1 : 1) * (lon / 1800000) * 1e6) / 1e6,
      });
    }
    const L = r.u8(LOC.lbs_length);
    if (L === undefined) return;
    if (L > 0 && r.remaining >= L) {
      const cell = r.sub(Math.max(0, L - 1));
      readCell(cell, LOC);
      cell.rest(F.extra, 'LBS bytes beyond the cell');
      const rssi = r.u8(LOC.cell_rssi);
      if (rssi !== undefined) out.attributes.rssi = rssi;
    }
    const cl = r.u8(LOC.cells_length);
    if (cl === undefined) return;
    if (cl) {
      r.group(LOC.cells, () => {
        const s = r.sub(Math.min(cl, r.remaining));
        for (let i = 0; s.remaining >= 6; i++) {
          s.group(LBS.neighbour, () => {
            s.u16(LBS.lac, { display: String });
            s.u24({ ...LBS.cell, type: 'u24' }, { display: String });
            s.u8(LBS.cell_rssi);
          });
        }
        s.rest(F.extra, 'cell bytes not decoded');
      });
    }
    const wl = r.u8(LOC.wifi_length);
    if (wl === undefined) return;
    if (wl) {
      const w = r.sub(Math.min(wl, r.remaining));
      w.group(F.wifi, () => wifiList(w, Math.floor(wl / 7), true));
      w.rest(F.extra, 'Wi-Fi bytes not decoded');
    }
    const st = r.u8(LOC.status);
    if (st === undefined) return;
    out.attributes.status = st;
    if (type === 0x33) {
      if (st === 0xa0) out.attributes.armed = true;
      else if (st === 0xa1) out.attributes.armed = false;
      else if (st === 0xa2 || st === 0xa3) addAlarm(out, 'lowBattery');
      else if (st === 0xa4) addAlarm(out, 'general');
      else if (st === 0xa5) addAlarm(out, 'door');
    }
    const rl = r.u8(LOC.reserved_length);
    if (rl) r.raw(LOC.reserved, Math.min(rl, r.remaining));
    rest(r, 'bytes after the reserved extension');
  });
};
