/** The package ships an Emscripten module factory without types; speex-resampler.ts declares what it uses. */
declare module '@echogarden/speex-resampler-wasm' {
  const createModule: () => Promise<unknown>;
  export default createModule;
}
