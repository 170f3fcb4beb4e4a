/**
 * credentials.yml sections of the voice-ready channels, where the telephony gateway does speech and
 * colloquy sees text: `twilio_voice` (TwiML `<Gather>`) and `jambonz` (jambonz WebSocket API),
 * with Rasa's keys, defaults and checks.
 * @module
 */
import { z } from 'zod';
import { basicAuthKeys, bothOrNeither } from './basic-auth-keys.ts';

/** The voices Twilio's `<Say>` accepts that Rasa allows for `assistant_voice`. */
export const TWILIO_VOICES = [
  'man', 'woman', 'alice',
  'Polly.Mads', 'Polly.Naja', 'Polly.Lotte', 'Polly.Reuben', 'Polly.Nicole', 'Polly.Russell', 'Polly.Amy', 'Polly.Brian', 'Polly.Emma',
  'Polly.Amy-Neural', 'Polly.Emma-Neural', 'Polly.Brian-Neural', 'Polly.Raveena', 'Polly.Ivy', 'Polly.Joanna', 'Polly.Joey', 'Polly.Justin',
  'Polly.Kendra', 'Polly.Kimberly', 'Polly.Matthew', 'Polly.Salli', 'Polly.Ivy-Neural', 'Polly.Joanna-Neural', 'Polly.Kendra-Neural',
  'Polly.Kimberly-Neural', 'Polly.Sally-Neural', 'Polly.Joey-Neural', 'Polly.Justin-Neural', 'Polly.Matthew-Neural', 'Polly.Geraint',
  'Polly.Celine', 'Polly.Mathieu', 'Polly.Chantal', 'Polly.Hans', 'Polly.Marlene', 'Polly.Vicki', 'Polly.Dora', 'Polly.Karl', 'Polly.Carla',
  'Polly.Giorgio', 'Polly.Mizuki', 'Polly.Takumi', 'Polly.Liv', 'Polly.Jacek', 'Polly.Jan', 'Polly.Ewa', 'Polly.Maja', 'Polly.Ricardo',
  'Polly.Vitoria', 'Polly.Camila-Neural', 'Polly.Cristiano', 'Polly.Ines', 'Polly.Carmen', 'Polly.Maxim', 'Polly.Tatyana', 'Polly.Conchita',
  'Polly.Enrique', 'Polly.Miguel', 'Polly.Penelope', 'Polly.Lupe-Neural', 'Polly.Astrid', 'Polly.Filiz', 'Polly.Gwyneth', 'Polly.Aditi',
] as const;

export const twilioVoiceCredentials = z
  .strictObject({
    reprompt_fallback_phrase: z.string().min(1).default("I'm sorry I didn't get that could you rephrase."),
    assistant_voice: z.enum(TWILIO_VOICES).default('woman'),
    /** Seconds of silence that end the caller's speech, or `auto`; TwiML takes it as text. */
    speech_timeout: z
      .union([z.number().int().nonnegative(), z.string().regex(/^(\d+|auto)$/i, 'must be a whole number of seconds or auto')])
      .transform((v) => String(v).toLowerCase())
      .default('5'),
    speech_model: z.enum(['default', 'numbers_and_commands', 'phone_call']).default('default'),
    enhanced: z
      .union([z.boolean(), z.string().regex(/^(true|false)$/i, 'must be true or false')])
      .transform((v) => String(v).toLowerCase() as 'true' | 'false')
      .default('false'),
    ...basicAuthKeys,
  })
  .superRefine((c, ctx) => {
    bothOrNeither(c, ctx);
    if (c.enhanced === 'true' && c.speech_model !== 'phone_call') ctx.addIssue({ code: 'custom', path: ['enhanced'], message: "enhanced: true needs speech_model: phone_call" });
    if (c.speech_timeout === 'auto' && c.speech_model !== 'numbers_and_commands') {
      ctx.addIssue({ code: 'custom', path: ['speech_timeout'], message: 'speech_timeout: auto needs speech_model: numbers_and_commands' });
    }
  });
export type TwilioVoiceCredentials = z.output<typeof twilioVoiceCredentials>;

export const jambonzCredentials = z.strictObject(basicAuthKeys).superRefine(bothOrNeither);
export type JambonzCredentials = z.output<typeof jambonzCredentials>;
