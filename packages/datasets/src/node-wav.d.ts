// Minimal types for node-wav 0.0.2 (the package ships none).
declare module 'node-wav' {
  export interface DecodedWav {
    sampleRate: number;
    channelData: Float32Array[];
  }
  export function decode(buffer: ArrayBuffer | Uint8Array): DecodedWav | undefined;
  const wav: { decode: typeof decode };
  export default wav;
}
