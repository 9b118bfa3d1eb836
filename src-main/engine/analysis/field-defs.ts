/**
 * Every protocol's declarative field table, indexed by field id: what the comparison reads for a
 * field's type, unit and enum (the decoded tree carries ids and values only).
 */
import type { FieldDef } from '../../../parsers/core/fields';
import * as carscop from '../../../parsers/carscop/fields';
import * as gl200 from '../../../parsers/gl200/fields';
import * as gosafe from '../../../parsers/gosafe/fields';
import * as gps103 from '../../../parsers/gps103/fields';
import * as gt06 from '../../../parsers/gt06/fields';
import * as h02 from '../../../parsers/h02/fields';
import * as jt600 from '../../../parsers/jt600/fields';
import * as jt808 from '../../../parsers/jt808/fields';
import * as meitrack from '../../../parsers/meitrack/fields';
import * as osmand from '../../../parsers/osmand/fields';
import * as skypatrol from '../../../parsers/skypatrol/fields';
import * as teltonika from '../../../parsers/teltonika/fields';
import * as tk103 from '../../../parsers/tk103/fields';
import * as watch from '../../../parsers/watch/fields';
import * as xexun from '../../../parsers/xexun/fields';
import * as xexun2 from '../../../parsers/xexun2/fields';
import * as xexun3 from '../../../parsers/xexun3/fields';

/** One module per protocol folder (a test checks none is missing). */
export const FIELD_MODULES: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  carscop, gl200, gosafe, gps103, gt06, h02, jt600, jt808, meitrack, osmand, skypatrol, teltonika, tk103, watch, xexun, xexun2, xexun3,
};

function isFieldDef(d: unknown): d is FieldDef {
  return !!d && typeof d === 'object' && typeof (d as FieldDef).id === 'string' && typeof (d as FieldDef).label === 'string' && typeof (d as FieldDef).type === 'string';
}

let index: Map<string, FieldDef> | null = null;

/** The field definition of `id`, or undefined for ids no table lists (per-instance ids like `teltonika.io.66`). */
export function fieldDef(id: string): FieldDef | undefined {
  if (!index) {
    index = new Map();
    for (const mod of Object.values(FIELD_MODULES)) {
      for (const value of Object.values(mod)) {
        if (!value || typeof value !== 'object' || Array.isArray(value) || value instanceof Set || value instanceof Map) continue;
        const entries = Object.values(value as Record<string, unknown>);
        if (!entries.length || !entries.every(isFieldDef)) continue;
        for (const d of entries as FieldDef[]) if (!index.has(d.id)) index.set(d.id, d);
      }
    }
  }
  return index.get(id);
}
