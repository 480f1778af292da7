/** Luhn (mod 10) check over the digits of `s`; non-digits are ignored. Card numbers and Canadian SINs use it. */
export const luhnValid = (s: string): boolean => {
  let sum = 0;
  let double = false;
  let count = 0;
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) continue;
    count++;
    let d = c;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return count > 0 && sum % 10 === 0;
};

/**
 * ISO 13616 IBAN check: move the first four characters to the end, turn letters into 10..35, and the
 * number mod 97 must be 1. Computed piecewise so it never needs big integers. Spaces are ignored.
 */
export const ibanValid = (s: string): boolean => {
  const iban = s.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? code - 55 : code - 48;
    rest = value >= 10 ? (rest * 100 + value) % 97 : (rest * 10 + value) % 97;
  }
  return rest === 1;
};

/** US Social Security Number rules: area not 000, 666 or 9xx; group not 00; serial not 0000. */
export const ssnValid = (digits: string): boolean => {
  if (!/^\d{9}$/.test(digits)) return false;
  const area = digits.slice(0, 3);
  return (
    area !== '000' && area !== '666' && area[0] !== '9' && digits.slice(3, 5) !== '00' && digits.slice(5) !== '0000'
  );
};
