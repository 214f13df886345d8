import { afterEach, describe, expect, it, vi } from 'vitest';
import { Network, SimulationError, brette2007Spec, setNoticeSink } from '@spinsnn/core';

// A page whose Content-Security-Policy lacks 'wasm-unsafe-eval' makes `new WebAssembly.Module`
// throw (Chrome: "CompileError: WebAssembly.Module(): Wasm code generation disallowed by
// embedder"). Core then runs its TypeScript kernels; it must say so once, with the reason and the
// fix. This file stubs WebAssembly.Module to throw that error before any kernel is compiled (the
// compiled module is cached per process, and vitest gives each test file a fresh module graph).
const CHROME_CSP = 'WebAssembly.Module(): Wasm code generation disallowed by embedder';

afterEach(() => vi.restoreAllMocks());

const spikes = (net: Network): string =>
  ['exc', 'inh']
    .map((p) => {
      const m = net.spikes(p);
      return `${Array.from(m.indices).join(',')}|${Array.from(m.times).join(',')}`;
    })
    .join('#');

describe('wasm kernels refused by a security policy', () => {
  it('fall back to the TypeScript kernels with one notice naming the reason and the fix; results unchanged', () => {
    const stub = vi.spyOn(WebAssembly, 'Module').mockImplementation(function refused() {
      throw new WebAssembly.CompileError(CHROME_CSP);
    });
    const notices: string[] = [];
    setNoticeSink((m) => notices.push(m));
    const spec = brette2007Spec('cuba', { neurons: 400, seed: 3 });
    const auto1 = new Network(spec).run(0.05);
    const auto2 = new Network(spec).run(0.05);
    expect(stub).toHaveBeenCalled();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(CHROME_CSP);
    expect(notices[0]).toContain("'wasm-unsafe-eval'");
    expect(notices[0]).toContain('kernel: "js"');
    // 'wasm' demanded: an error naming the engine's reason instead of a silent fallback
    expect(() => new Network(spec, { kernel: 'wasm' })).toThrow(SimulationError);
    expect(() => new Network(spec, { kernel: 'wasm' })).toThrow(/disallowed by embedder/);
    // the fallback is the TypeScript reference: the same spikes as kernel 'js'
    const js = new Network(spec, { kernel: 'js' }).run(0.05);
    expect(spikes(auto1)).toBe(spikes(js));
    expect(spikes(auto2)).toBe(spikes(js));
    expect(notices).toHaveLength(1);
    expect(spikes(js).length).toBeGreaterThan(100); // the network did spike
  });
});
