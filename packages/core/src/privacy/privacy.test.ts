import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ibanValid, luhnValid, ssnValid } from './checksums.ts';
import { detectPii } from './detect.ts';
import { redact } from './redact.ts';
import type { PiiType } from './types.ts';

const types = (text: string): [PiiType, string][] => detectPii(text).map((s) => [s.type, s.value]);

describe('checksums', () => {
  it('Luhn accepts valid card numbers and rejects a changed digit', () => {
    expect(luhnValid('4111 1111 1111 1111')).toBe(true);
    expect(luhnValid('4111 1111 1111 1112')).toBe(false);
    expect(luhnValid('378282246310005')).toBe(true);
  });
  it('IBAN mod-97 accepts real IBANs in any case and spacing, rejects a typo', () => {
    expect(ibanValid('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(ibanValid('de89370400440532013000')).toBe(true);
    expect(ibanValid('GB82WEST12345698765433')).toBe(false);
  });
  it('SSN rules', () => {
    expect(ssnValid('123456789')).toBe(true);
    expect(ssnValid('000456789')).toBe(false);
    expect(ssnValid('666456789')).toBe(false);
    expect(ssnValid('123006789')).toBe(false);
  });
  it('property: a Luhn check digit always makes a valid number', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 12, maxLength: 18 }), (ds) => {
        const body = ds.join('');
        const check = [...Array(10).keys()].find((d) => luhnValid(body + d));
        return check !== undefined && luhnValid(body + check);
      }),
    );
  });
});

describe('detectPii', () => {
  it.each<[string, PiiType, string]>([
    ['my card is 4111 1111 1111 1111 thanks', 'CREDIT_CARD', '4111 1111 1111 1111'],
    ['IBAN: GB82 WEST 1234 5698 7654 32', 'IBAN', 'GB82 WEST 1234 5698 7654 32'],
    ['Here is my SSN: 123-45-6789', 'NATIONAL_ID', '123-45-6789'],
    ["my driver's license number is F162823540116", 'NATIONAL_ID', 'F162823540116'],
    ['NI number AB 12 34 56 C', 'NATIONAL_ID', 'AB 12 34 56 C'],
    ['write to jane.doe+x@mail.example.co.uk please', 'EMAIL', 'jane.doe+x@mail.example.co.uk'],
    ['call me on +44 7700 900123', 'PHONE', '+44 7700 900123'],
    ['my number is (555) 123-4567', 'PHONE', '(555) 123-4567'],
    ['login from 192.168.10.20 failed', 'IP_ADDRESS', '192.168.10.20'],
    ['ipv6 2001:db8:85a3::8a2e:370:7334 here', 'IP_ADDRESS', '2001:db8:85a3::8a2e:370:7334'],
    ['I was born on 12/03/1985', 'DATE_OF_BIRTH', '12/03/1985'],
    ['date of birth: March 3, 1985', 'DATE_OF_BIRTH', 'March 3, 1985'],
    ['Hi, my name is Maria Lopez', 'PERSON', 'Maria Lopez'],
    ['Please ask Mr. Kowalczyk to call back', 'PERSON', 'Kowalczyk'],
    ['I live at 42 Baker Street, London', 'ADDRESS', '42 Baker Street, London'],
    ['send it to Apt. 4B, 12 rue de la Paix', 'ADDRESS', 'Apt. 4B, 12 rue de la Paix'],
  ])('%s → %s', (text, type, value) => {
    expect(types(text)).toContainEqual([type, value]);
  });

  it('lower-case cues before everyday words are not names', () => {
    for (const text of ["i'm tired of this", 'it is under review', 'this is urgent', "i'm not happy"])
      expect(detectPii(text)).toEqual([]);
  });

  it('leaves ordinary text and near-misses alone', () => {
    expect(detectPii('Where is my order? It was supposed to arrive on Monday.')).toEqual([]);
    expect(
      detectPii('card 4111 1111 1111 1112 (one digit off fails Luhn)').filter((s) => s.type === 'CREDIT_CARD'),
    ).toEqual([]);
    expect(detectPii('the meeting is at 12:30:45 today')).toEqual([]);
    expect(detectPii('I want to cancel my subscription and get a refund')).toEqual([]);
  });

  it('spans are sorted, non-overlapping and point at their value', () => {
    const text = 'I am Jane Doe, jane@x.io, +1 415 555 0199, card 4111111111111111, 10 Downing Street, London';
    const spans = detectPii(text);
    expect(spans.length).toBeGreaterThanOrEqual(5);
    spans.forEach((s, i) => {
      expect(text.slice(s.start, s.end)).toBe(s.value);
      if (i > 0) expect(s.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
    });
  });
});

describe('names: organisations, places and headings are not people', () => {
  const persons = (text: string): string[] =>
    detectPii(text)
      .filter((s) => s.type === 'PERSON')
      .map((s) => s.value);
  it.each([
    'Hartley, Quinn and Osei is a design agency based in Leeds.',
    'I work for Zentrix Analytics',
    'The Brightwell office is at the end of the street.',
    'According to the Lumora website, refunds take five days.',
    'Genres: Drama & Romance, Music, History & Nature',
    'Our CEO and the ABC Business team will reply.',
    'She studied at the University of Tarvik.',
    'Kovix is a logistics company.',
    'We flew back to San Teodoro last week.',
    'The office moved to Tarvikov.',
  ])('%s → no person', (text) => {
    expect(persons(text)).toEqual([]);
  });
  it.each<[string, string]>([
    ['Zofia Kranz of Brightwell called yesterday', 'Zofia Kranz'],
    ['Tomasz had given me his card', 'Tomasz'],
    ['Ottilie: "Can you help me?"', 'Ottilie'],
    ['they had three: pamela, donna and brian.', 'pamela'],
    ['mr. oduya flew home on friday.', 'oduya'],
    ['my great grandmother was called Erin Dale', 'Erin Dale'],
    ['Hi, this is Jürgen Weiß from accounts', 'Jürgen Weiß'],
    ['MY NAME IS ANNA KOWALSKA', 'ANNA KOWALSKA'],
    ["Tarek Nasr's phone number changed", 'Tarek Nasr'],
    ['Please change it to Oduya Brennt', 'Oduya Brennt'],
    ['hi oduya, thanks for the help', 'oduya'],
    ['tamsin okoro\nwarehouse supervisor\n12 moss lane', 'tamsin okoro'],
    ["Oduya's order never came", 'Oduya'],
  ])('%s → %s', (text, name) => {
    expect(persons(text)).toContain(name);
  });
});

describe('addresses: postal codes and street types', () => {
  const addresses = (text: string): string[] =>
    detectPii(text)
      .filter((s) => s.type === 'ADDRESS')
      .map((s) => s.value);
  it.each<[string, string]>([
    ['Ship it to Springfield, IL 62704 please', 'Springfield, IL 62704'],
    ['We are at 12 Herceg Gateway today', '12 Herceg Gateway'],
    ['Return address: 9 Kestrel Mall, Apt. 4', '9 Kestrel Mall, Apt. 4'],
    ['my zip code is 90210', '90210'],
    ['My postcode is SW1A 1AA', 'SW1A 1AA'],
    ['The parcel went to Ottawa, ON K1A 0B1 today', 'Ottawa, ON K1A 0B1'],
    ['I live on Elm Street', 'Elm Street'],
  ])('%s → %s', (text, value) => {
    expect(addresses(text)).toContain(value);
  });
  it('a bulleted multi-line address stays one span', () => {
    expect(addresses('* 18 Moss Lane\n* Suite 20\n* Tarvik')).toEqual(['18 Moss Lane\n* Suite 20\n* Tarvik']);
  });
  it.each([
    'I live in United Kingdom.',
    'The train arrived at Tarvik this morning.',
    'During 1984, sales doubled.',
    'I work for 48 Factoring Inc',
  ])('%s → no address', (text) => {
    expect(addresses(text)).toEqual([]);
  });
});

describe('redact', () => {
  it('replaces each span with a typed placeholder', () => {
    expect(redact('mail me at jane@example.com or call +44 7700 900123')).toBe('mail me at [EMAIL] or call [PHONE]');
    expect(redact('my name is Jane Doe')).toBe('my name is [NAME]');
  });
  it('follows the policy: only listed types, custom placeholders', () => {
    const text = 'jane@example.com, card 4111 1111 1111 1111';
    expect(redact(text, { types: ['CREDIT_CARD'] })).toBe('jane@example.com, card [CARD]');
    expect(redact(text, { placeholders: { EMAIL: '***' } })).toBe('***, card [CARD]');
  });
  it('is idempotent: redacting redacted text changes nothing', () => {
    const once = redact('I am Jane Doe, jane@x.io, 4111 1111 1111 1111, I live at 42 Baker Street');
    expect(redact(once)).toBe(once);
  });
  it('property: no e-mail or Luhn-valid card survives, whatever surrounds it', () => {
    const word = fc.constantFrom('hello', 'my', 'order', 'is', 'please', 'thanks', 'the', 'card', '', 'ok.');
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 6 }),
        fc.array(word, { maxLength: 6 }),
        fc.emailAddress(),
        (pre, post, email) => {
          const text = `${pre.join(' ')} ${email} 4111 1111 1111 1111 ${post.join(' ')}`;
          const out = redact(text);
          return !out.includes(email) && !out.includes('4111 1111 1111 1111');
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('names: Census lexicon, cues and everyday words', () => {
  const persons = (text: string): string[] =>
    detectPii(text)
      .filter((s) => s.type === 'PERSON')
      .map((s) => s.value);
  it.each<[string, string]>([
    // lower case with no cue: a Census given name followed by a Census surname
    ['my landlord dariusz kowalczyk never got the letter', 'dariusz kowalczyk'],
    ['i sent it to kristopher yesterday', 'kristopher'],
    // sign-offs and greetings followed by a comma
    ['Cheers,\nTobiah', 'Tobiah'],
    ['is this sorted? thanks, leopold', 'leopold'],
    ['Kind regards, Henrike Vossberg', 'Henrike Vossberg'],
    // verbs of talking to someone, and "according to"
    ['I talked to Gunnhild about it', 'Gunnhild'],
    ['According to Berenike the refund was sent', 'Berenike'],
    ['can you tell oskarsson that the parcel is here', 'oskarsson'],
    // labels
    ['Customer name - Adaeze Okafor', 'Adaeze Okafor'],
    // a word that repeats an e-mail's local part
    ['write to szymanska.k@example.com, szymanska has the invoice', 'szymanska'],
  ])('%s → %s', (text, name) => {
    expect(persons(text)).toContain(name);
  });
  it.each([
    "I'm not happy with the service, I've waited two weeks.",
    'Top up failed again, Ive tried three times.',
    'Actually, I want to speak to a human.',
    'Honestly, this is the worst experience.',
    'My Visa card was declined at the ATM.',
    'I used Apple Pay and Google Pay but both failed.',
    'I will be abroad from Jan 3rd until Jan 9th',
    'how much did I spend between the 30th and the 16th of Jun',
    'Nothing arrived yesterday.',
    'Please call Amazon about it',
    'my religion does not allow speaking to bots',
    'Patient is a 35-year-old male with a history of headaches',
  ])('%s → no person', (text) => {
    expect(persons(text)).toEqual([]);
  });
  it('keeps a given name that is also a month abbreviation when it is not beside a day', () => {
    expect(persons('Jan Kowalski called about the card')).toContain('Jan Kowalski');
  });
  it('a word that starts a sentence before "was" is not a name without other evidence', () => {
    expect(persons('Transfer was declined, could not complete request.')).toEqual([]);
  });
});

describe('addresses leave the addressee to the name detector', () => {
  const typed = (text: string): [PiiType, string][] => detectPii(text).map((s) => [s.type, s.value]);
  it.each<[string, [PiiType, string][]]>([
    [
      'Please send it to Jane Doe, 12 Moss Lane, Leeds',
      [
        ['PERSON', 'Jane Doe'],
        ['ADDRESS', '12 Moss Lane, Leeds'],
      ],
    ],
    [
      'Jane Doe 12 Moss Lane, Leeds',
      [
        ['PERSON', 'Jane Doe'],
        ['ADDRESS', '12 Moss Lane, Leeds'],
      ],
    ],
    [
      '12 Moss Lane\nLeeds\nMartha Kowalski',
      [
        ['ADDRESS', '12 Moss Lane\nLeeds'],
        ['PERSON', 'Martha Kowalski'],
      ],
    ],
  ])('%s', (text, expected) => {
    expect(typed(text)).toEqual(expected);
  });
  it('a street named after someone stays one address', () => {
    const spans = typed('He lives on the north side of Joaquin Suarez 2906.');
    expect(spans.map(([t]) => t)).toEqual(['ADDRESS']);
    expect(spans[0]?.[1]).toMatch(/^Joaquin Suarez 2906/);
  });
});
