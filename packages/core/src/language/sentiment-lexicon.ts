/**
 * Baton's own customer-service sentiment lexicon, written by hand for this project (not learnt from any
 * data set). Valences follow VADER's −4..+4 scale (Hutto & Gilbert 2014) so scores are comparable with it.
 * Customer-service words carry weight here that general lexicons miss ("refund", "charged", "waiting" are
 * neutral in VADER, but in a support chat they mostly come with a problem).
 */
const ENTRIES: ReadonlyArray<readonly [number, string]> = [
  [3, 'love loved amazing awesome excellent fantastic brilliant perfect wonderful superb outstanding delighted'],
  [2.5, 'great thrilled grateful appreciate appreciated lovely glad'],
  [
    2,
    'good nice happy helpful thanks thank pleased satisfied cool fine resolved solved fixed works working easy quick fast',
  ],
  [1.5, 'ok okay sure correct clear useful kind friendly polite smooth'],
  [1, 'yes alright better interesting'],
  [
    -1,
    'wait waiting confused confusing unclear slow late delay delayed again problem issue issues error wrong missing',
  ],
  [
    -1.2,
    'charged overcharged refund cancel cancelled canceled broken stuck lost unable failed fail failing fails sorry',
  ],
  [-1.8, 'bad poor unhappy disappointed disappointing annoying annoyed upset worse mistake incorrect'],
  [-2.2, 'frustrated frustrating frustration angry mad irritated irritating rude unprofessional useless pointless'],
  [-2.5, 'terrible horrible awful ridiculous unacceptable pathetic incompetent hate hated stupid dumb idiot idiots'],
  [-2.5, 'scam scammed fraud cheated liar lying lied stolen disgusting disgrace shameful nightmare'],
  [-3, 'worst furious outraged livid appalling atrocious garbage trash rubbish crap'],
  [-3.2, 'fuck fucking fucked shit shitty bullshit damn damned wtf bloody pissed screw screwed sucks suck'],
];

/** Word → valence on the −4..+4 scale. */
export const SENTIMENT_LEXICON: ReadonlyMap<string, number> = new Map(
  ENTRIES.flatMap(([v, words]) => words.split(' ').map((w) => [w, v] as const)),
);

/** Multi-word expressions, matched on normalised text before single words. */
export const SENTIMENT_PHRASES: ReadonlyArray<readonly [string, number]> = [
  ['waste of time', -2.8],
  ['waste of money', -2.8],
  ['fed up', -2.5],
  ['sick of', -2.3],
  ['tired of', -2],
  ['makes no sense', -2],
  ["doesn't make sense", -2],
  ["doesn't work", -2],
  ["isn't working", -2],
  ['not working', -2],
  ['not helpful', -2],
  ['no help', -2],
  ['still waiting', -2],
  ['still not', -1.8],
  ['give up', -2],
  ['rip off', -2.8],
  ['ripped off', -2.8],
  ['what the hell', -2.8],
  ['are you kidding', -2.5],
  ['never again', -2.5],
  ['thank you so much', 3],
  ['that helps', 2],
  ['no problem', 1.5],
  ['no problems', 1.5],
  ['no worries', 1.5],
];

/** Words that scale the next sentiment word (VADER's booster list, abridged). */
export const INTENSIFIERS: ReadonlyMap<string, number> = new Map([
  ['very', 0.3],
  ['really', 0.3],
  ['so', 0.3],
  ['extremely', 0.4],
  ['totally', 0.3],
  ['absolutely', 0.4],
  ['completely', 0.3],
  ['incredibly', 0.4],
  ['too', 0.2],
  ['super', 0.3],
  ['utterly', 0.4],
  ['kinda', -0.3],
  ['slightly', -0.3],
  ['somewhat', -0.3],
  ['bit', -0.3],
]);
