// Preload for `node --import`: makes performance.now() return this process's CPU time (user +
// system, all threads, in ms) instead of the wall clock.
//
// Why: Brian2's cpp_standalone binary times its simulation loop with std::clock(), i.e. process
// CPU time. On a shared machine a process that loses its core keeps a short CPU time but a long
// wall time, so comparing spinsnn's wall clock with Brian2's CPU clock would punish spinsnn for
// other people's load. Timing both loops in process CPU time removes that bias. The spinsnn
// figure includes Node's helper threads (GC, compiler), so it errs against spinsnn, not for it.
// Used only by bench/compare.mjs with --clock cpu; spinsnn's own `bench` output is unaffected.
const base = process.cpuUsage();
Object.defineProperty(performance, 'now', {
  configurable: true,
  writable: true,
  value: () => {
    const u = process.cpuUsage(base);
    return (u.user + u.system) / 1000;
  },
});
