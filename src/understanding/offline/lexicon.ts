/**
 * A small English lexicon of everyday assistant verbs and nouns. Each word also yields a shared
 * concept token, so "pay Bob" meets a flow described as "send money" without NLU examples.
 * @module
 */
import { stem } from './text.ts';

const CONCEPTS: Readonly<Record<string, readonly string[]>> = {
  send: ['send', 'transfer', 'pay', 'wire', 'remit', 'venmo', 'zelle', 'paypal', 'move', 'give', 'lend', 'reimburse', 'payment', 'owe'],
  money: ['money', 'cash', 'fund', 'dollar', 'buck', 'euro', 'pound', 'eur', 'usd', 'gbp', 'amount', 'sum'],
  balance: ['balance', 'left', 'remaining', 'available', 'saving', 'afford'],
  show: ['show', 'list', 'see', 'view', 'display', 'check', 'tell', 'look', 'know', 'get', 'what', 'which', 'find', 'read', 'print', 'all', 'who'],
  add: ['add', 'create', 'new', 'save', 'register', 'store', 'insert', 'enter', 'put', 'include'],
  remove: ['remove', 'delete', 'erase', 'drop', 'unsave', 'forget', 'eliminate'],
  contact: ['contact', 'payee', 'recipient', 'friend', 'person', 'people', 'beneficiary', 'addressbook', 'phonebook', 'buddy'],
  account: ['account', 'bank', 'checking', 'wallet'],
  history: ['transaction', 'history', 'statement', 'spending', 'activity', 'purchase', 'expense'],
  card: ['card', 'credit', 'debit', 'visa', 'mastercard'],
  block: ['block', 'freeze', 'lock', 'lost', 'stolen', 'suspend'],
  change: ['change', 'update', 'edit', 'modify', 'replace', 'correct', 'fix'],
  book: ['book', 'reserve', 'schedule', 'appointment', 'reservation', 'booking'],
  help: ['help', 'assist', 'support', 'assistance'],
  much: ['much', 'many', 'total'],
};

const CONCEPT_OF: ReadonlyMap<string, string> = new Map(
  Object.entries(CONCEPTS).flatMap(([concept, members]) => members.map((member) => [stem(member), `~${concept}`] as const)),
);

/** The concept token of a stemmed word, if the lexicon knows it. */
export function conceptOf(stemmedWord: string): string | undefined {
  return CONCEPT_OF.get(stemmedWord);
}

/** Words that carry no meaning for telling flows apart. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "i me my mine myself we our you your it its this that these those a an the to of for in on at by from with about " +
    "and or but is are was were be been am do does did done have has had can could would should will shall may might " +
    "please want wanted wanna like need needs needed i'd i'm i've i'll let let's just some any also so then now " +
    'there here hi hello hey ok okay um uh well thanks thank would really quickly again too very someone somebody something'
  ).split(' '),
);

/** Verbs that open requests to an assistant: never a name, whatever the project's data says. */
export const REQUEST_VERBS: ReadonlySet<string> = new Set(
  (
    'order buy purchase book set get make send add remove delete show find check change cancel pay transfer create update want need ' +
    'help start stop open close call tell give take put see look know let go do move switch reset renew apply sign log request ' +
    'schedule reserve rent return replace report track block unblock activate deactivate order pick choose select list view'
  ).split(' '),
);
