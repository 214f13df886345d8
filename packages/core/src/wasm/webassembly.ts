// The subset of the WebAssembly JS API that core uses. TypeScript ships these types only with
// the DOM/WebWorker libs, which do not belong in a Node-first package; Node 20 and browsers
// both provide the runtime objects.
declare global {
  namespace WebAssembly {
    interface Module {}
    interface Memory {
      readonly buffer: ArrayBuffer;
    }
    interface Instance {
      readonly exports: Record<string, unknown>;
    }
    interface ModuleConstructor {
      new (bytes: Uint8Array): Module;
    }
    interface MemoryConstructor {
      new (descriptor: { initial: number; maximum?: number }): Memory;
    }
    interface InstanceConstructor {
      new (module: Module, imports: Record<string, Record<string, unknown>>): Instance;
    }
  }
  // eslint-disable-next-line no-var
  var WebAssembly: {
    Module: WebAssembly.ModuleConstructor;
    Memory: WebAssembly.MemoryConstructor;
    Instance: WebAssembly.InstanceConstructor;
  };
}
export {};
