/** What the customer is told at the start (M6, P1): the AI disclosure and the recording question. */
export interface ConsentWording {
  disclosure: string;
  question: string;
  allow: string;
  decline: string;
  allowed: string;
  declined: string;
}

/** Built-in wording per language; the page can replace the two texts with `data-disclosure` / `data-consent`. */
const ENGLISH: ConsentWording = {
  disclosure: 'You are chatting with our virtual assistant, an AI. You can ask for a person at any time.',
  question: 'May we record this chat to help us improve our service?',
  allow: 'Allow recording',
  decline: 'Do not record',
  allowed: 'You allowed this chat to be recorded.',
  declined: 'You chose not to have this chat recorded.',
};

const WORDING: Record<string, ConsentWording> = {
  en: ENGLISH,
  fr: {
    disclosure: 'Vous discutez avec notre assistant virtuel, une IA. Vous pouvez demander une personne à tout moment.',
    question: 'Pouvons-nous enregistrer cette conversation pour améliorer notre service ?',
    allow: 'Autoriser',
    decline: 'Ne pas enregistrer',
    allowed: 'Vous avez autorisé l’enregistrement de cette conversation.',
    declined: 'Vous avez refusé l’enregistrement de cette conversation.',
  },
  es: {
    disclosure:
      'Está chateando con nuestro asistente virtual, una IA. Puede pedir hablar con una persona en cualquier momento.',
    question: '¿Podemos grabar este chat para mejorar nuestro servicio?',
    allow: 'Permitir grabación',
    decline: 'No grabar',
    allowed: 'Ha permitido que se grabe este chat.',
    declined: 'Ha elegido que no se grabe este chat.',
  },
  de: {
    disclosure:
      'Sie chatten mit unserem virtuellen Assistenten, einer KI. Sie können jederzeit nach einer Person fragen.',
    question: 'Dürfen wir diesen Chat aufzeichnen, um unseren Service zu verbessern?',
    allow: 'Aufzeichnung erlauben',
    decline: 'Nicht aufzeichnen',
    allowed: 'Sie haben die Aufzeichnung dieses Chats erlaubt.',
    declined: 'Sie haben die Aufzeichnung dieses Chats abgelehnt.',
  },
};

/** The wording for a language tag (`fr-CA` → `fr`), English when unknown, with the page's own texts. */
export function consentWording(
  language: string,
  overrides: { disclosure?: string | undefined; question?: string | undefined },
): ConsentWording {
  const base = WORDING[language.slice(0, 2).toLowerCase()] ?? ENGLISH;
  return {
    ...base,
    ...(overrides.disclosure ? { disclosure: overrides.disclosure } : {}),
    ...(overrides.question ? { question: overrides.question } : {}),
  };
}
