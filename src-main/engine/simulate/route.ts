/**
 * Where a simulated device is: each drives loops around its own city block (a grid of blocks in
 * central Berlin, 250 m apart), clockwise at a steady 20–45 km/h, so consecutive fixes are
 * plausible in distance, speed and course.
 */

/** One fix, in the units the frame builders convert from. */
export interface Fix {
  /** UTC time of the fix. */
  time: Date;
  lat: number;
  lon: number;
  speedKmh: number;
  /** Degrees from north, 0..359. */
  course: number;
  /** Metres above sea level. */
  altitude: number;
  satellites: number;
}

const BASE_LAT = 52.5;
const BASE_LON = 13.35;
const M_PER_DEG_LAT = 111_320;
/** The block's sides in metres (west/east sides, then north/south sides). */
const SIDE_NS = 180;
const SIDE_EW = 140;
const PERIMETER = 2 * (SIDE_NS + SIDE_EW);
/** Blocks per row of the grid, and their pitch in metres. */
const GRID = 64;
const PITCH = 250;

/** The south-west corner of device `n`'s block. */
function corner(n: number): { lat: number; lon: number } {
  const row = Math.floor(n / GRID) % GRID;
  const col = n % GRID;
  const lat = BASE_LAT + (row * PITCH) / M_PER_DEG_LAT;
  const lon = BASE_LON + (col * PITCH) / (M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180));
  return { lat, lon };
}

/** Device `n`'s cruising speed in km/h (20..45, fixed per device). */
export function speedFor(n: number): number {
  return 20 + ((n * 7) % 26);
}

/**
 * The fix of device `n` after `seconds` of driving, stamped `time`: along the perimeter
 * SW → NW → NE → SE → SW, starting a device-specific distance in so fleets do not move in step.
 */
export function fixAt(n: number, seconds: number, time: Date): Fix {
  const speedKmh = speedFor(n);
  const start = (n * 37) % PERIMETER;
  let d = (start + (speedKmh / 3.6) * seconds) % PERIMETER;
  let north = 0;
  let east = 0;
  let course: number;
  if (d < SIDE_NS) {
    north = d;
    course = 0;
  } else if ((d -= SIDE_NS) < SIDE_EW) {
    north = SIDE_NS;
    east = d;
    course = 90;
  } else if ((d -= SIDE_EW) < SIDE_NS) {
    north = SIDE_NS - d;
    east = SIDE_EW;
    course = 180;
  } else {
    d -= SIDE_NS;
    east = SIDE_EW - d;
    course = 270;
  }
  const c = corner(n);
  const lat = c.lat + north / M_PER_DEG_LAT;
  const lon = c.lon + east / (M_PER_DEG_LAT * Math.cos((c.lat * Math.PI) / 180));
  return { time, lat, lon, speedKmh, course, altitude: 34 + (n % 7), satellites: 7 + (n % 6) };
}
