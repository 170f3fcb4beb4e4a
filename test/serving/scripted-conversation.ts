/**
 * A 10-turn conversation with the starter assistant whose replies do not depend on which replica
 * serves a turn (the starter's actions keep balances in process memory, so the script reads the
 * balance only before it changes).
 * @module
 */

export interface ScriptedTurn {
  readonly message: string;
  readonly replies: readonly string[];
}

const ANYTHING_ELSE = 'Is there anything else you need?';

export const SCRIPT: readonly ScriptedTurn[] = [
  { message: 'what is my balance', replies: ['Your balance is $1000.', ANYTHING_ELSE] },
  { message: 'send money to Alice', replies: ['How much would you like to send to Alice?'] },
  { message: '50', replies: ['Please confirm: send $50 to Alice?'] },
  { message: '/SetSlots(confirm_transfer=true)', replies: ['Done! $50 is on its way to Alice.', ANYTHING_ELSE] },
  { message: 'add a contact', replies: ['What is the handle of the contact (for example @alice)?'] },
  { message: '@bob', replies: ['What is the name of the contact?'] },
  { message: 'Bob', replies: ['Add Bob (@bob) to your contacts?'] },
  { message: '/SetSlots(confirm_contact=false)', replies: ['Okay, I did not add the contact.', ANYTHING_ELSE] },
  { message: 'send money to Carol', replies: ['How much would you like to send to Carol?'] },
  { message: '20', replies: ['Please confirm: send $20 to Carol?'] },
];
