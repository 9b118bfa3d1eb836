/** GT06 cell-tower and Wi-Fi layouts: single cell with status, multi-cell LBS, access-point lists. */
import { FieldReader } from '../core/reader';
import { F, LBS, WIFI } from './fields';
import { type Decoder, type Out, cellSize, hex2, looksLikeTime, note, peek, readCell, readStatusBlock, readTime, rest } from './blocks';

/** 0x19 LBS + status (or a Space10X multi-LBS with a date), 0xa5 4G LBS alarm, 0xa7 4G LBS. */
export const lbsStatus: Decoder = (r, out, type) => {
  r.group(F.lbs, () => {
    const b = r.bytes;
    if (type === 0x19 && r.remaining === 18 && looksLikeTime(b, r.pos)) {
      out.messageType = 'lbs multiple';
      readTime(r, LBS.time);
      note(r, '18-byte 0x19 content starting with a date: Space10X multi-LBS (cells not documented)');
      r.u16(LBS.mcc, { display: (v) => String(v & 0x7fff) });
      r.u8(LBS.mnc, { display: String });
      return rest(r, 'Space10X cell data (layout not documented)');
    }
    const o = type === 0x19 ? {} : { lac: 4 as const, cid: 8 as const };
    if (r.remaining < cellSize(b, r.pos, o)) return rest(r, 'LBS bytes not decoded');
    readCell(r, LBS, o);
    if (type !== 0xa7) readStatusBlock(r, LBS, 'gt06.lbs', out);
    rest(r, 'LBS bytes not decoded');
  });
};

export interface MultiOptions {
  /** Starts with a date (default true). */
  time?: boolean;
  /** Timing advance before the MCC (SL4X) instead of after the cells. */
  taFirst?: boolean;
  /** Cell count byte after the MNC (Wanway S20). */
  counted?: boolean;
  mnc?: 'auto' | 2;
  lac?: 2 | 4;
  cid?: 3 | 4 | 8;
  cells?: number;
  wifi?: boolean;
}

/** Date, MCC/MNC, main and neighbour cells, timing advance, optional Wi-Fi list and language. */
export function multiLbs(r: FieldReader, out: Out, o: MultiOptions): void {
  r.group(F.lbs, () => {
    if (o.time !== false && !readTime(r, LBS.time)) return;
    if (o.taFirst) r.u8(LBS.ta);
    const mcc = r.u16(LBS.mcc, { display: (v) => String(v & 0x7fff) });
    if (mcc === undefined) return;
    if (o.mnc === 2 || mcc & 0x8000) r.u16(LBS.mnc, { display: String });
    else r.u8(LBS.mnc, { display: String });
    let count = o.cells ?? 7;
    if (o.counted) {
      count = r.u8(LBS.cell_count) ?? 0;
      note(r, 'cell count after the MNC: Wanway S20 layout');
    }
    const lac = o.lac ?? 2;
    const cid = o.cid ?? 3;
    const size = lac + cid + 1;
    for (let i = 0; i < count && r.remaining >= size; i++) {
      r.group(LBS.neighbour, () => {
        r.uint({ ...LBS.lac, type: lac === 2 ? 'u16' : 'u32' }, lac, { display: String });
        r.uint({ ...LBS.cell, type: cid === 3 ? 'u24' : 'u32' }, cid, { display: String });
        r.u8(LBS.cell_rssi);
      });
    }
    if (!o.taFirst && !o.counted && r.remaining >= 1) r.u8(LBS.ta);
    if (o.wifi && r.remaining >= 1) {
      const n = r.u8(LBS.wifi_count) ?? 0;
      wifiList(r, n, true);
    }
    if (r.remaining === 2) r.u16(LBS.language16);
    if (r.remaining && peek(r).every((x) => x === 0)) r.raw(LBS.padding, r.remaining);
    rest(r, 'LBS bytes not decoded');
  });
}

/** `n` access points: MAC (6) and signal strength, or (0xf3) two reserved bytes and the MAC. */
export function wifiList(r: FieldReader, n: number, withRssi: boolean): void {
  const size = withRssi ? 7 : 8;
  for (let i = 0; i < n && r.remaining >= size; i++) {
    r.group(WIFI.ap, () => {
      if (!withRssi) r.u16(WIFI.ap_reserved);
      const mac = r.raw(WIFI.mac, 6);
      if (mac) {
        const text = Array.from(mac, hex2).join(':');
        r.last!.value = text;
        r.last!.display = text;
      }
      if (withRssi) r.u8(WIFI.rssi);
    });
  }
}

/** 0x17/0x69 without CRC: BCD date, access points (count in the length byte), cells with 2-byte ids. */
export const wifiNoCrc: Decoder = (r, out, _type, info) => {
  out.messageType = 'wifi';
  r.group(F.wifi, () => {
    readTime(r, WIFI.time, true);
    wifiList(r, info.declared ?? 0, true);
  });
  r.group(F.lbs, () => {
    const n = r.u8(LBS.cell_count);
    if (n === undefined) return;
    r.u16(LBS.mcc, { display: (v) => String(v & 0x7fff) });
    r.u8(LBS.mnc, { display: String });
    for (let i = 0; i < n && r.remaining >= 5; i++) {
      r.group(LBS.neighbour, () => {
        r.u16(LBS.lac, { display: String });
        r.u16(LBS.cell, { display: String });
        r.u8(LBS.cell_rssi);
      });
    }
    rest(r, 'Wi-Fi packet bytes not decoded');
  });
};

/** 0xf3: binary date, access-point count, then per point two reserved bytes and the MAC. */
export const wifiF3: Decoder = (r) => {
  r.group(F.wifi, () => {
    readTime(r, WIFI.time);
    const n = r.u8(WIFI.count);
    if (n !== undefined) wifiList(r, n, false);
    rest(r, 'Wi-Fi bytes not decoded');
  });
};
