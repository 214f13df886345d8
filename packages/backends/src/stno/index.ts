export * from './params.js';
export * from './oscillator.js';
export * from './neuron.js';
export * from './reservoir.js';
export * from './diode.js';
export * from './calibration.js';
export * from './register.js';
