export * from './normal.js';
export * from './llg.js';
export * from './theory.js';
export * from './calibration.js';
