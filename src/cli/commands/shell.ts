/**
 * `colloquy shell`: chat with the assistant in the terminal, like `rasa shell`.
 * Buttons are chosen by number; `--debug` shows the commands, stack and slot changes of each turn.
 * @module
 */
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import type { Assistant } from '../../core/assistant.ts';
import type { Command as DialogueCommand } from '../../core/commands.ts';
import type { BotMessage, Event } from '../../core/events.ts';
import { HELPER_SLOT } from '../../core/patterns/pattern-ids.ts';
import type { TurnResult } from '../../runtime/processor-api.ts';
import { parsePayload } from '../../understanding/payload/index.ts';
import { generatorNames } from '../../understanding/pipeline.ts';
import { shortJson } from '../e2e/assertions.ts';
import { consoleStyle, type Style } from '../e2e/report.ts';
import { EXIT, type CliIo } from '../io.ts';
import { createLogger } from '../logger.ts';
import { openRuntime } from '../open-runtime.ts';

interface ShellOptions {
  project: string;
  model?: string;
  endpoints?: string;
  debug: boolean;
  senderId?: string;
  logLevel: string;
}

export function registerShell(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('shell')
    .description('chat with the assistant in the terminal (/stop to quit)')
    .option('--project <dir>', 'project folder', '.')
    .option('-m, --model <file>', 'a trained model bundle (default: load the project files)')
    .option('--endpoints <file>', 'endpoints configuration')
    .option('--debug', 'print commands, dialogue stack and slot changes after each turn', false)
    .option('--sender-id <id>', 'conversation id (default: a new one)')
    .option('--log-level <level>', 'log level', 'warn')
    .action(async (opts: ShellOptions) => {
      setExit(await shell(opts, io));
    });
}

async function shell(opts: ShellOptions, io: CliIo): Promise<number> {
  const style = consoleStyle(io.color);
  const runtime = await openRuntime(opts, { logger: createLogger(opts.logLevel) }, io);
  if (!runtime) return EXIT.failure;
  const senderId = opts.senderId ?? `shell-${crypto.randomUUID().slice(0, 8)}`;
  io.out(style.dim(`Chatting with '${runtime.current().assistant.config.assistantId}' as ${senderId}. Type /stop to quit.\n`));
  // On a terminal, readline echoes what is typed to `output`; piped input is echoed here, so the
  // scrollback or a transcript shows both sides of the conversation.
  const tty = Boolean(process.stdin.isTTY);
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: tty });
  rl.setPrompt(style.bold('Your input -> '));
  rl.on('SIGINT', () => rl.close());
  let buttons: BotMessage['buttons'] = [];
  try {
    rl.prompt();
    // Iterating the lines (rather than question()) keeps piped input that arrives early.
    for await (const raw of rl) {
      if (!tty) io.out(`${raw}\n`);
      const line = raw.trim();
      if (line === '/stop') break;
      if (line !== '') {
        const choice = Number(line);
        const text = buttons && Number.isInteger(choice) && choice >= 1 && choice <= buttons.length ? buttons[choice - 1]!.payload : line;
        const result = await runtime.processor.handleMessage({ senderId, text, channel: 'cmdline' });
        buttons = printMessages(result.messages, io);
        if (opts.debug) io.out(debugReport(runtime.current().assistant, text, result, style));
      }
      rl.prompt();
    }
  } finally {
    rl.close();
    await runtime.close();
  }
  return EXIT.ok;
}

/** Prints the bot messages; returns the buttons of the last message that had any. */
function printMessages(messages: readonly BotMessage[], io: CliIo): BotMessage['buttons'] {
  let buttons: BotMessage['buttons'] = [];
  for (const message of messages) {
    if (message.text) io.out(`${message.text}\n`);
    if (message.image) io.out(`Image: ${message.image}\n`);
    if (message.custom !== undefined) io.out(`${JSON.stringify(message.custom)}\n`);
    if (message.buttons?.length) {
      buttons = message.buttons;
      message.buttons.forEach((b, i) => io.out(`  ${i + 1}: ${b.title} (${b.payload})\n`));
    }
  }
  return buttons;
}

function debugReport(assistant: Assistant, text: string, result: TurnResult, style: Style): string {
  const events: readonly Event[] = result.state.events.slice(result.firstEventIndex);
  const user = events.find((e) => e.event === 'user');
  const commands = user?.event === 'user' ? user.parse_data.commands : [];
  const source = parsePayload(text, assistant) ? 'button payload' : generatorNames(assistant).join(' / ');
  // flow_hashes is the engine's bookkeeping for code changes, not something the user set.
  const slots = events.flatMap((e) => (e.event === 'slot' && e.name !== HELPER_SLOT.flowHashes ? [`${e.name}=${shortJson(e.value)}`] : []));
  const lines = [
    `commands (${source}): ${commands.map(describeCommand).join(', ') || '(none)'}`,
    `slots set: ${slots.join(', ') || '(none)'}`,
    `stack: ${result.state.stack.map((f) => (f.type === 'agent' ? `agent:${f.agent_id}(${f.state})` : 'flow_id' in f ? `${f.flow_id}@${f.step_id}` : f.type)).join(' > ') || '(empty)'}`,
  ];
  return `${lines.map((l) => style.dim(`  ${l}`)).join('\n')}\n`;
}

/** A command as Rasa's command language writes it (`start flow x`, `set slot s v`), without bookkeeping fields. */
function describeCommand(command: DialogueCommand): string {
  switch (command.command) {
    case 'start flow':
      return `start flow ${command.flow}`;
    case 'set slot':
      return `set slot ${command.name} ${shortJson(command.value)}`;
    case 'correct slot':
      return `correct slot ${command.corrected_slots.map((c) => `${c.name} ${shortJson(c.value)}`).join(', ')}`;
    case 'clarify':
      return `clarify ${command.options.join(' ')}`;
    case 'error':
      return `error ${command.error_type}`;
    case 'restart agent':
      return `restart agent ${command.agent_id}`;
    default:
      return command.command;
  }
}
