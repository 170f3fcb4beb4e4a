/**
 * Shared scenario assistant: a money transfer with a called child flow, a balance check, a guarded
 * flow, rejections, persisted slots, a tool step and an agent step.
 */
import type { Assistant } from '../../src/core/assistant.ts';
import { assistantFromYaml } from './project-fixture.ts';

export const DOMAIN = `
slots:
  recipient: { type: text }
  amount: { type: float }
  confirmed: { type: bool }
  account_type: { type: categorical, values: [Checking, Savings] }
  balance: { type: float }
  is_premium: { type: bool, initial_value: false }
  last_ticket: { type: text }
  vip_code: { type: text, mappings: [ { type: controlled } ] }
  city: { type: text }
  weather: { type: text }
  booking_ref: { type: text }
actions:
  - action_fetch_balance
responses:
  utter_ask_recipient: [ { text: "Who should receive it?" } ]
  utter_ask_amount: [ { text: "How much?" } ]
  utter_ask_confirmed: [ { text: "Send {amount} to {recipient}?" } ]
  utter_ask_account_type: [ { text: "Which account?" } ]
  utter_ask_city: [ { text: "Which city?" } ]
  utter_transfer_done: [ { text: "Sent {amount} to {recipient}." } ]
  utter_transfer_cancelled: [ { text: "Not sent." } ]
  utter_balance: [ { text: "Your {account_type} balance is {balance}." } ]
  utter_amount_too_high: [ { text: "That is more than you may send." } ]
  utter_premium: [ { text: "Welcome, premium customer." } ]
  utter_ticket: [ { text: "Ticket {last_ticket} opened." } ]
  utter_weather: [ { text: "Weather: {weather}." } ]
  utter_hours: [ { text: "We are open 9 to 5." } ]
`;

export const FLOWS = `
flows:
  transfer_money:
    description: send money to someone
    steps:
      - collect: recipient
      - call: ask_amount
      - collect: confirmed
        next:
          - if: slots.confirmed
            then:
              - action: utter_transfer_done
                next: END
          - else:
              - action: utter_transfer_cancelled
                next: END
  ask_amount:
    if: false
    description: ask for an amount
    steps:
      - collect: amount
        rejections:
          - if: slots.amount > 1000
            utter: utter_amount_too_high
  check_balance:
    description: check the balance
    steps:
      - collect: account_type
      - action: action_fetch_balance
      - action: utter_balance
  premium_lounge:
    description: premium only
    if: slots.is_premium
    steps:
      - action: utter_premium
  open_ticket:
    description: open a ticket
    persisted_slots: [last_ticket]
    steps:
      - set_slots:
          - last_ticket: "T-1"
      - action: utter_ticket
      - link: check_balance
  weather:
    description: weather via tool
    steps:
      - collect: city
      - call: get_weather
        mcp_server: weather_server
        mapping:
          input:
            - param: location
              slot: city
          output:
            - slot: weather
              value: "{{ result.text }}"
      - action: utter_weather
  opening_hours:
    description: tell the opening hours
    steps:
      - action: utter_hours
  book_trip:
    description: booking with an agent
    steps:
      - call: trip_agent
        exit_if:
          - slots.booking_ref is not null
      - noop: true
        next: END
`;

/** The scenario assistant, optionally with edited domain/flows text (variants for guards, code changes…). */
export function scenarioAssistant(edit: { readonly domain?: (text: string) => string; readonly flows?: (text: string) => string } = {}): Assistant {
  return assistantFromYaml({
    domain: edit.domain ? edit.domain(DOMAIN) : DOMAIN,
    flows: edit.flows ? edit.flows(FLOWS) : FLOWS,
    subAgents: ['trip_agent'],
    mcpServers: ['weather_server'],
  });
}
