// "Talk to your assistant": a browser_audio call from the inspector. The microphone streams PCM16 in
// 20 ms frames over `WS /webhooks/browser_audio/websocket?conversation_id=…`; bot audio is queued
// for playback, each marker is echoed once playback reaches it (that is how the server knows the bot
// stopped speaking), and `interruptPlayback` (barge-in) drops what is still queued.

const CHANNEL_PATH = 'webhooks/browser_audio/';
const DEFAULT_SAMPLE_RATE = 48000;

/**
 * Starts a call in conversation `conversationId`; resolves once the microphone and the socket are
 * open. `onEnd(reason)` runs once when the call ends for any reason.
 */
export async function startVoiceCall({ serverRoot, conversationId, onEnd }) {
  const sampleRate = await channelSampleRate(serverRoot);
  const context = new AudioContext({ sampleRate });
  let microphone;
  let socket;
  try {
    microphone = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } });
    await context.audioWorklet.addModule(new URL('mic-worklet.js', import.meta.url));
    socket = await openSocket(serverRoot, conversationId);
  } catch (error) {
    microphone?.getTracks().forEach((track) => track.stop());
    void context.close();
    throw error;
  }

  const playback = new Playback(context, (marker) => send({ marker }));
  const capture = new AudioWorkletNode(context, 'microphone-capture');
  const source = context.createMediaStreamSource(microphone);
  source.connect(capture);
  capture.port.onmessage = (event) => send({ audio: toBase64Pcm16(event.data) });

  let ended = false;
  const end = (reason) => {
    if (ended) return;
    ended = true;
    capture.port.onmessage = null;
    source.disconnect();
    microphone.getTracks().forEach((track) => track.stop());
    playback.stop();
    if (socket.readyState === WebSocket.OPEN) socket.close(1000, 'caller hung up');
    void context.close();
    onEnd?.(reason);
  };

  function send(frame) {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  }

  socket.addEventListener('message', (event) => {
    let frame;
    try {
      frame = JSON.parse(event.data);
    } catch {
      return;
    }
    if (typeof frame.audio === 'string') playback.enqueue(fromBase64Pcm16(frame.audio));
    else if (typeof frame.marker === 'string') playback.mark(frame.marker);
    else if (frame.interruptPlayback === true) playback.interrupt();
  });
  socket.addEventListener('close', (event) => end(event.reason || 'the call ended'));
  return { hangUp: () => end('you hung up') };
}

async function channelSampleRate(serverRoot) {
  const response = await fetch(new URL(CHANNEL_PATH, serverRoot));
  if (response.status === 404) throw new Error("this assistant has no browser_audio channel: add 'browser_audio:' to credentials.yml");
  if (!response.ok) throw new Error(`the browser_audio channel answered ${response.status}`);
  const body = await response.json().catch(() => ({}));
  return typeof body.sample_rate === 'number' ? body.sample_rate : DEFAULT_SAMPLE_RATE;
}

function openSocket(serverRoot, conversationId) {
  const url = new URL(`${CHANNEL_PATH}websocket`, serverRoot);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('conversation_id', conversationId);
  const socket = new WebSocket(url);
  return new Promise((resolve, reject) => {
    socket.addEventListener('open', () => resolve(socket), { once: true });
    socket.addEventListener('error', () => reject(new Error('could not open the voice socket')), { once: true });
  });
}

/** Bot audio played back to back; markers fire when the audio queued before them has played. */
class Playback {
  constructor(context, onMarker) {
    this.context = context;
    this.onMarker = onMarker;
    this.sources = new Set();
    this.markers = [];
    this.endsAt = 0;
    this.timer = setInterval(() => this.echoPlayedMarkers(), 20);
  }

  enqueue(samples) {
    if (samples.length === 0) return;
    const buffer = this.context.createBuffer(1, samples.length, this.context.sampleRate);
    buffer.copyToChannel(samples, 0);
    const node = this.context.createBufferSource();
    node.buffer = buffer;
    node.connect(this.context.destination);
    const startAt = Math.max(this.context.currentTime, this.endsAt);
    node.start(startAt);
    this.endsAt = startAt + buffer.duration;
    this.sources.add(node);
    node.onended = () => this.sources.delete(node);
  }

  mark(name) {
    this.markers.push({ name, at: Math.max(this.context.currentTime, this.endsAt) });
    this.echoPlayedMarkers();
  }

  /** Barge-in: queued audio is dropped and its markers count as played, as a telco's `clear` does. */
  interrupt() {
    for (const node of this.sources) node.stop();
    this.sources.clear();
    this.endsAt = this.context.currentTime;
    for (const marker of this.markers.splice(0)) this.onMarker(marker.name);
  }

  echoPlayedMarkers() {
    while (this.markers.length > 0 && this.markers[0].at <= this.context.currentTime) this.onMarker(this.markers.shift().name);
  }

  stop() {
    clearInterval(this.timer);
    for (const node of this.sources) node.stop();
    this.sources.clear();
    this.markers = [];
  }
}

function toBase64Pcm16(floats) {
  const bytes = new Uint8Array(floats.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < floats.length; i += 1) {
    const s = Math.max(-1, Math.min(1, floats[i]));
    view.setInt16(i * 2, s < 0 ? s * 0x8000 : s * 0x7fff, true);
  }
  let binary = '';
  for (let i = 0; i < bytes.length; i += 1) binary += String.fromCharCode(bytes[i]);
  return btoa(binary);
}

function fromBase64Pcm16(text) {
  const binary = atob(text);
  const view = new DataView(new ArrayBuffer(binary.length - (binary.length % 2)));
  for (let i = 0; i < view.byteLength; i += 1) view.setUint8(i, binary.charCodeAt(i));
  const floats = new Float32Array(view.byteLength / 2);
  for (let i = 0; i < floats.length; i += 1) floats[i] = view.getInt16(i * 2, true) / 0x8000;
  return floats;
}
