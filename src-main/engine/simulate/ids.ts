/** Identities of simulated devices: IMEIs that pass Luhn, JT808 phone numbers, numeric ids. */
import { luhnValid } from '../../../parsers/core/bytes';

/** The digit that makes `digits` + it pass the Luhn check. */
export function luhnDigit(digits: string): number {
  for (let d = 0; d < 10; d++) if (luhnValid(digits + d)) return d;
  return 0;
}

/**
 * The IMEI of simulated device `n` (0-based): TAC 35693803, a 6-digit serial number from n and
 * the Luhn check digit. Distinct for n below 1,000,000.
 */
export function imeiFor(n: number): string {
  const body = `35693803${String(n % 1_000_000).padStart(6, '0')}`;
  return body + luhnDigit(body);
}

/** A 12-digit JT808 terminal phone number (BCD in the header) for device `n`: 0139 + 8 digits. */
export function phoneFor(n: number): string {
  return `0139${String(n % 100_000_000).padStart(8, '0')}`;
}

/** A numeric id of `digits` digits for device `n`, starting with `prefix`. */
export function numericId(n: number, prefix: string, digits: number): string {
  const room = digits - prefix.length;
  return prefix + String(n % 10 ** room).padStart(room, '0');
}
