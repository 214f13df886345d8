import { EventEmitter } from 'eventemitter3';
import { InternalError, SimulationError, SpecError } from './errors.js';
import { EventQueue, PHASE_CONTROL, PHASE_EVENT, PHASE_SAMPLE, PHASE_TICK } from './queue.js';
import { stateNumber, stateRecord, type StateRecord } from './state.js';

/**
 * Anything that receives events from the queue. `a` and `b` are the two int32 payload words the
 * event was scheduled with (their meaning is the handler's: neuron index, version, batch, ...).
 */
export interface EventHandler {
  handleEvent(time: number, a: number, b: number): void;
}

/** The simulator's events and their payloads (run start/end, progress). */
export interface SimulatorEvents {
  'run:start': (info: { t: number; tEnd: number }) => void;
  'run:end': (info: { t: number; events: number; wallS: number }) => void;
  progress: (info: { t: number; tEnd: number; events: number }) => void;
}

const PROGRESS_EVERY_EVENTS = 1 << 18;

/** A clock-driven group driven by the simulator's shared dt clock. */
export interface ClockMember {
  /** Integrate over the step k that starts at t (= k·dt). */
  step(t: number, k: number): void;
}

/**
 * The discrete-event kernel: one queue, one clock of simulated time, handlers by id.
 * `run(duration)` can be called repeatedly and continues where it stopped: run(a) then run(b)
 * processes exactly the events run(a + b) would.
 */
export class Simulator extends EventEmitter<SimulatorEvents> {
  readonly queue = new EventQueue(4096);
  /** Step of clock-driven groups, seconds. Run ends are snapped to this grid. */
  readonly dt: number;
  private handlers: EventHandler[] = [];
  private tNow = 0;
  private running = false;
  /** End of the run in progress (its events are those with time < tEnd). */
  private tEnd = 0;
  /** Events processed since construction. */
  eventsProcessed = 0;
  private clockMembers: ClockMember[] = [];
  private clockHandler = -1;
  private clockPending = false;

  constructor(dt: number) {
    super();
    if (!(dt > 0) || !Number.isFinite(dt)) throw new SimulationError(`dt must be a positive finite number of seconds, got ${dt}`);
    this.dt = dt;
  }

  /** Current simulated time: the time of the event being handled, or where the last run ended. */
  get t(): number {
    return this.tNow;
  }

  /**
   * Moves the clock of a fresh simulator (nothing scheduled, nothing run) to t ≥ 0, e.g. to
   * rebuild a network at a checkpoint's time. Groups and inputs attached afterwards start there.
   */
  setStartTime(t: number): void {
    if (!(t >= 0) || !Number.isFinite(t)) throw new SimulationError(`start time must be a finite number of seconds ≥ 0, got ${t}`);
    if (this.queue.size > 0 || this.eventsProcessed > 0 || this.running || this.tNow !== 0)
      throw new SimulationError('setStartTime() is only allowed before anything was scheduled or run');
    this.tNow = t;
  }

  /**
   * Inside `handleEvent`: the time before which nothing else can happen — the next queued
   * event or the end of the run. A handler may process its own pending work at times
   * t < horizon() within the same call (after `advance(t)`), e.g. a p-bit group running a batch
   * of flips; that is exact because no other event could have come between them. Outside a run
   * it is the current time (no work may be done ahead of the clock).
   */
  horizon(): number {
    if (!this.running) return this.tNow;
    const q = this.queue;
    const next = q.size > 0 ? q.peekTime() : Infinity;
    return next < this.tEnd ? next : this.tEnd;
  }

  /**
   * Inside `handleEvent`: moves the clock to t, the time of the batched work about to be done
   * (t = tNow, or tNow < t < horizon()), so that anything it triggers — a spike, a schedule —
   * sees that time.
   */
  advance(t: number): void {
    if (!this.running || !(t >= this.tNow) || (t !== this.tNow && !(t < this.horizon()))) {
      throw new SimulationError(`advance(${t}): only inside a handler, to a time in [t, horizon()) = [${this.tNow}, ${this.horizon()})`);
    }
    this.tNow = t;
  }

  register(handler: EventHandler): number {
    this.handlers.push(handler);
    return this.handlers.length - 1;
  }

  /** A spike delivery or an autonomous event (next Poisson spike, p-bit flip, threshold crossing). */
  schedule(time: number, handler: number, a = 0, b = 0): void {
    // a NaN or past time would pop before "now" or never: a model bug, not bad input (one compare)
    if (!(time >= this.tNow && time < Infinity))
      throw new InternalError(
        `an event was scheduled at t = ${time} s while the clock is at ${this.tNow} s (handler ${handler}): a model computed a non-finite or past time`,
      );
    this.queue.push(time, PHASE_EVENT, handler, a, b);
  }

  /** A clock tick of a clock-driven group; runs before deliveries at the same instant. */
  scheduleTick(time: number, handler: number, a = 0, b = 0): void {
    this.queue.push(time, PHASE_TICK, handler, a, b);
  }

  /** A state sample; runs before the tick at the same instant (sees the state at the step's start). */
  scheduleSample(time: number, handler: number, a = 0, b = 0): void {
    this.queue.push(time, PHASE_SAMPLE, handler, a, b);
  }

  /** A control event (stop, sample boundary, checkpoint); runs after everything else at its instant. */
  scheduleControl(time: number, handler: number, a = 0, b = 0): void {
    if (!(time >= this.tNow && time < Infinity))
      throw new SimulationError(`a control event at t = ${time} s: expected a finite time ≥ the clock (${this.tNow} s)`);
    this.queue.push(time, PHASE_CONTROL, handler, a, b);
  }

  /**
   * Drives a clock-driven group on the dt grid. All members share one tick event per step and
   * update in the order they joined — the same order their own tick events would have had —
   * so a step costs one queue event whatever the number of groups.
   */
  addClockMember(member: ClockMember): void {
    this.clockMembers.push(member);
    if (this.clockHandler < 0) this.clockHandler = this.register({ handleEvent: (t, k) => this.clockTick(t, k) });
    if (!this.clockPending) {
      const k0 = Math.ceil(this.tNow / this.dt - 1e-9) || 0; // `|| 0`: no −0 step
      this.queue.push(this.stepTime(k0), PHASE_TICK, this.clockHandler, k0, 0);
      this.clockPending = true;
    }
  }

  private clockTick(t: number, k: number): void {
    const members = this.clockMembers;
    for (let m = 0; m < members.length; m++) members[m].step(t, k);
    this.queue.push(this.stepTime(k + 1), PHASE_TICK, this.clockHandler, k + 1, 0);
  }

  /**
   * The clock and every pending event. Handlers are ids in registration order, so the snapshot
   * fits a simulator whose handlers were registered in the same order (the same network built
   * from the same spec); restoring it outside a run replaces the queue.
   */
  snapshot(): StateRecord {
    if (this.running) throw new SimulationError('snapshot() from inside a running simulation: take it between run() calls');
    return { t: this.tNow, eventsProcessed: this.eventsProcessed, handlers: this.handlers.length, queue: this.queue.snapshot() };
  }

  restore(s: StateRecord): void {
    if (this.running) throw new SimulationError('restore() from inside a running simulation');
    const handlers = stateNumber(s, 'handlers', 'snapshot of the simulator');
    if (handlers !== this.handlers.length) {
      throw new SpecError('snapshot.sim.handlers', `${this.handlers.length} event handlers (restore into a network built from the same spec)`, handlers);
    }
    this.queue.restore(stateRecord(s, 'queue', 'snapshot of the simulator'));
    this.tNow = stateNumber(s, 't', 'snapshot of the simulator');
    this.eventsProcessed = stateNumber(s, 'eventsProcessed', 'snapshot of the simulator');
    // the clock's pending tick (if any) came back with the queue
    this.clockPending = this.clockMembers.length > 0;
  }

  /** Time on the dt grid for step k (computed, never accumulated, so it is exact and reproducible). */
  stepTime(k: number): number {
    return k * this.dt;
  }

  /**
   * Processes every event with time < t + duration, then sets t to that end. A run end within
   * 1e-9 steps of the dt grid is snapped onto it, so run(0.1) + run(0.2) ≡ run(0.3).
   */
  run(duration: number): void {
    if (!(duration >= 0) || !Number.isFinite(duration)) {
      throw new SimulationError(`run duration must be a finite number of seconds ≥ 0, got ${duration}`);
    }
    if (this.running) throw new SimulationError('run() called from inside a running simulation');
    let tEnd = this.tNow + duration;
    const steps = tEnd / this.dt;
    const k = Math.round(steps);
    if (Math.abs(steps - k) < 1e-9 * Math.max(1, k)) tEnd = k * this.dt;
    this.running = true;
    this.tEnd = tEnd;
    const wall0 = performance.now();
    const events0 = this.eventsProcessed;
    this.emit('run:start', { t: this.tNow, tEnd });
    const q = this.queue;
    const handlers = this.handlers;
    let n = 0;
    try {
      while (q.size > 0 && q.peekTime() < tEnd) {
        q.pop();
        this.tNow = q.poppedTime;
        handlers[q.poppedHandler].handleEvent(q.poppedTime, q.poppedA, q.poppedB);
        if (++n === PROGRESS_EVERY_EVENTS) {
          this.eventsProcessed += n;
          n = 0;
          this.emit('progress', { t: this.tNow, tEnd, events: this.eventsProcessed });
        }
      }
    } finally {
      this.eventsProcessed += n;
      this.running = false;
    }
    this.tNow = tEnd;
    this.emit('run:end', { t: tEnd, events: this.eventsProcessed - events0, wallS: (performance.now() - wall0) / 1000 });
  }
}
